package dev.paved.catalog.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A rendering extended with added relations must be exactly the rendering made from all relations:
 * the catalog stores the one and serves it as if it were the other, and compares etags across both.
 */
class EntityRendererTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] TYPES = {"ownerOf", "hasPart", "apiProvidedBy", "dependencyOf", "parentOf"};
    private static final String[] DESCRIPTORS = {
        "{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Group\",\"metadata\":{\"name\":\"team-a\","
                + "\"namespace\":\"default\",\"labels\":{\"tier\":\"1\"}},\"spec\":{\"type\":\"team\",\"children\":[],"
                + "\"size\":12,\"ratio\":0.25,\"big\":12345678901234567890,\"none\":null}}",
        "{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\",\"metadata\":{\"name\":\"svc\","
                + "\"namespace\":\"default\",\"title\":\"Säule \\u2603 \\\"quoted\\\"\",\"tags\":[\"java\"]},"
                + "\"spec\":{\"type\":\"service\",\"owner\":\"team-a\"},\"status\":{\"items\":[{\"type\":"
                + "\"backstage.io/catalog-processing\",\"level\":\"error\",\"message\":\"bad file\"}]}}",
    };

    private final EntityRenderer renderer = new EntityRenderer(JSON);

    @Test
    void addingRelationsToARenderingEqualsRenderingAllOfThemForRandomAddAndRemoveSequences() throws Exception {
        for (long seed = 1; seed <= 200; seed++) {
            Random random = new Random(seed);
            String descriptorJson = DESCRIPTORS[random.nextInt(DESCRIPTORS.length)];
            ObjectNode descriptor = (ObjectNode) JSON.readTree(descriptorJson);
            UUID uid = new UUID(seed, seed * 31);
            List<String> unresolved = new ArrayList<>();
            for (int i = random.nextInt(3); i > 0; i--) {
                unresolved.add("component:default/Missing-" + random.nextInt(100));
            }
            unresolved = List.copyOf(new TreeSet<>(unresolved));
            TreeMap<String, Relation> current = new TreeMap<>();
            RenderedEntity stored = renderer.render(descriptor, descriptorJson, uid, List.of(), unresolved);
            for (int step = 0; step < 12; step++) {
                if (!current.isEmpty() && random.nextInt(4) == 0) {
                    // Losing a relation renders the entity from all its rows; the next additions start from that.
                    for (int i = random.nextInt(current.size()) + 1; i > 0 && !current.isEmpty(); i--) {
                        current.remove(new ArrayList<>(current.keySet()).get(random.nextInt(current.size())));
                    }
                    stored = renderer.render(descriptor, descriptorJson, uid, List.copyOf(current.values()), unresolved);
                    continue;
                }
                List<Relation> added = new ArrayList<>();
                for (int i = random.nextInt(4) + 1; i > 0; i--) {
                    added.add(randomRelation(random));
                }
                if (!current.isEmpty() && random.nextBoolean()) {
                    added.add(new ArrayList<>(current.values()).get(random.nextInt(current.size())));
                }
                int before = current.size();
                added.forEach(relation -> current.putIfAbsent(relation.sortKey(), relation));
                RenderedEntity full = renderer.render(descriptor, descriptorJson, uid, List.copyOf(current.values()),
                        unresolved);
                var incremental = renderer.withRelationsAdded(stored.body(), descriptorJson, uid, added);
                if (current.size() == before) {
                    assertTrue(incremental.isEmpty(), "seed " + seed + ": nothing was added, nothing to store");
                    assertEquals(full, stored, "seed " + seed);
                } else {
                    assertEquals(full, incremental.get(), "seed " + seed + ", step " + step);
                    stored = incremental.get();
                }
            }
        }
    }

    @Test
    void addingARelationChangesTheEtagAndKeepsTheFieldsInPlace() throws Exception {
        ObjectNode descriptor = (ObjectNode) JSON.readTree(DESCRIPTORS[1]);
        UUID uid = UUID.randomUUID();
        RenderedEntity stored = renderer.render(descriptor, DESCRIPTORS[1], uid,
                List.of(new Relation("ownedBy", "group:default/team-a")), List.of("api:default/Later"));

        RenderedEntity added = renderer.withRelationsAdded(stored.body(), DESCRIPTORS[1], uid,
                List.of(new Relation("dependencyOf", "component:default/Web"))).get();

        assertNotEquals(stored.etag(), added.etag());
        assertEquals("{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\",\"metadata\":{\"name\":\"svc\","
                + "\"namespace\":\"default\",\"title\":\"Säule ☃ \\\"quoted\\\"\",\"tags\":[\"java\"],\"uid\":\"" + uid
                + "\",\"etag\":\"" + added.etag() + "\"},\"spec\":{\"type\":\"service\",\"owner\":\"team-a\"},"
                + "\"status\":{\"items\":[{\"type\":\"backstage.io/catalog-processing\",\"level\":\"error\","
                + "\"message\":\"bad file\"},{\"type\":\"paved.dev/unresolved-reference\",\"level\":\"warning\","
                + "\"message\":\"api:default/Later is not in the catalog yet\"}]},\"relations\":["
                + "{\"type\":\"dependencyOf\",\"targetRef\":\"component:default/Web\"},"
                + "{\"type\":\"ownedBy\",\"targetRef\":\"group:default/team-a\"}]}", added.body());
    }

    /** A relation to one of a few targets, each always written with the same case, as stored rows are. */
    private static Relation randomRelation(Random random) {
        int target = random.nextInt(40);
        String name = (target % 3 == 0 ? "Svc-" : "svc-") + target;
        String kind = target % 2 == 0 ? "component" : "api";
        return new Relation(TYPES[random.nextInt(TYPES.length)], kind + ":default/" + name);
    }
}
