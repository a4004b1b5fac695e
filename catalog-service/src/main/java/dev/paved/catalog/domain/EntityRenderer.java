package dev.paved.catalog.domain;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Turns a stored descriptor and its relations into the entity the catalog serves and its etag, and a
 * descriptor into its search keys. Search keys follow Backstage: dotted lower-case paths
 * ({@code spec.lifecycle}), one entry per list item plus {@code path.item = true} for string items
 * ({@code metadata.tags.java}). Backstage's {@code relations.<type>} keys are answered from the
 * relations table instead.
 */
@ApplicationScoped
public class EntityRenderer {

    /** Backstage drops longer values from search; the key still exists. */
    static final int MAX_SEARCH_VALUE = 200;
    static final String UNRESOLVED_STATUS = "paved.dev/unresolved-reference";
    private static final String UNRESOLVED_MESSAGE = " is not in the catalog yet";

    private final ObjectMapper json;

    public EntityRenderer(ObjectMapper json) {
        this.json = json;
    }

    /**
     * The entity as served and its etag.
     *
     * @param relations the entity's relations in both directions, sorted and distinct
     * @param unresolved refs the entity's own relations point at that are not in the catalog
     */
    public RenderedEntity render(ObjectNode descriptor, String descriptorJson, UUID uid, List<Relation> relations,
            List<String> unresolved) {
        String etag = etagOf(descriptorJson, uid, relations, unresolved);
        ObjectNode entity = withUid(descriptor, uid);
        putRelations(entity, etag, relations);
        if (!unresolved.isEmpty()) {
            // A Git location's processing error, kept in the descriptor, comes first.
            ObjectNode status = descriptor.has("status") ? ((ObjectNode) descriptor.get("status")).deepCopy()
                    : json.createObjectNode();
            entity.set("status", status);
            ArrayNode items = status.has("items") ? (ArrayNode) status.get("items") : status.putArray("items");
            for (String ref : unresolved) {
                items.addObject()
                        .put("type", UNRESOLVED_STATUS)
                        .put("level", "warning")
                        .put("message", ref + UNRESOLVED_MESSAGE);
            }
        }
        return new RenderedEntity(write(entity), etag);
    }

    /**
     * The stored rendering of an entity that gained relations and changed in nothing else (its
     * descriptor, its own references and whether their targets exist all stayed): exactly what
     * {@link #render} answers for the stored relations and the added ones together, found without
     * reading the entity's relations again. Empty when every added relation was there already.
     *
     * @param storedBody the entity as {@link #render} wrote it last
     * @param descriptorJson the stored descriptor the rendering was made from
     */
    public Optional<RenderedEntity> withRelationsAdded(String storedBody, String descriptorJson, UUID uid,
            Collection<Relation> added) {
        StoredLayout stored = layoutOf(storedBody);
        TreeMap<String, RenderedRelation> relations = new TreeMap<>();
        for (RenderedRelation relation : stored.relations()) {
            relations.put(relation.relation().sortKey(), relation);
        }
        int storedCount = relations.size();
        for (Relation relation : added) {
            relations.computeIfAbsent(relation.sortKey(), key -> new RenderedRelation(relation, write(node(relation))));
        }
        if (relations.size() == storedCount) {
            return Optional.empty();
        }
        List<Relation> sorted = relations.values().stream().map(RenderedRelation::relation).toList();
        String etag = etagOf(descriptorJson, uid, sorted, stored.unresolved());
        // Only the etag and the relations array change, and a stored relation keeps its text: the rest
        // is what writing the whole entity again would give, without parsing it into a tree.
        StringBuilder body = new StringBuilder(storedBody.length() + 64 * (relations.size() - storedCount));
        body.append(storedBody, 0, stored.etagStart()).append(etag)
                .append(storedBody, stored.etagEnd(), stored.relationsStart()).append('[');
        boolean first = true;
        for (RenderedRelation relation : relations.values()) {
            body.append(first ? "" : ",").append(relation.json());
            first = false;
        }
        body.append(']').append(storedBody, stored.relationsEnd(), storedBody.length());
        return Optional.of(new RenderedEntity(body.toString(), etag));
    }

    /** A relation and its JSON as a rendering holds it. */
    private record RenderedRelation(Relation relation, String json) {
    }

    /** Where a stored rendering holds its etag and relations, and what its relations and unresolved refs are. */
    private record StoredLayout(int etagStart, int etagEnd, int relationsStart, int relationsEnd,
            List<RenderedRelation> relations, List<String> unresolved) {
    }

    private StoredLayout layoutOf(String body) {
        try (JsonParser parser = json.createParser(body)) {
            int etagStart = -1;
            int etagEnd = -1;
            int relationsStart = -1;
            int relationsEnd = -1;
            List<RenderedRelation> relations = new ArrayList<>();
            List<String> unresolved = new ArrayList<>();
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "metadata" -> {
                        while (parser.nextToken() == JsonToken.FIELD_NAME) {
                            String name = parser.currentName();
                            parser.nextToken();
                            if (name.equals("etag")) {
                                // An etag is base64url: no escapes, so its text is its length in the body.
                                etagStart = (int) parser.currentTokenLocation().getCharOffset() + 1;
                                etagEnd = etagStart + parser.getText().length();
                            } else {
                                parser.skipChildren();
                            }
                        }
                    }
                    case "relations" -> {
                        relationsStart = (int) parser.currentTokenLocation().getCharOffset();
                        while (parser.nextToken() == JsonToken.START_OBJECT) {
                            int start = (int) parser.currentTokenLocation().getCharOffset();
                            String type = null;
                            String targetRef = null;
                            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                                String name = parser.currentName();
                                parser.nextToken();
                                if (name.equals("type")) {
                                    type = parser.getText();
                                } else if (name.equals("targetRef")) {
                                    targetRef = parser.getText();
                                } else {
                                    parser.skipChildren();
                                }
                            }
                            relations.add(new RenderedRelation(new Relation(type, targetRef),
                                    body.substring(start, (int) parser.currentLocation().getCharOffset())));
                        }
                        relationsEnd = (int) parser.currentLocation().getCharOffset();
                    }
                    case "status" -> {
                        for (JsonNode item : parser.<JsonNode>readValueAsTree().path("items")) {
                            if (UNRESOLVED_STATUS.equals(item.path("type").asText())) {
                                String message = item.path("message").asText();
                                unresolved.add(message.substring(0, message.length() - UNRESOLVED_MESSAGE.length()));
                            }
                        }
                    }
                    default -> parser.skipChildren();
                }
            }
            if (etagStart < 0 || relationsStart < 0 || relationsStart < etagEnd) {
                throw new IllegalStateException("a stored rendering lacks its etag or relations");
            }
            return new StoredLayout(etagStart, etagEnd, relationsStart, relationsEnd, relations, unresolved);
        } catch (IOException e) {
            throw new IllegalStateException("a stored rendering is not JSON", e);
        }
    }

    /**
     * What filters, facets and full-text search look at. It depends on the descriptor alone, not on
     * relations ({@code relations.*} filters read the relations table), so a re-render leaves it be.
     */
    public IndexedFields index(ObjectNode descriptor) {
        Map<String, Set<String>> search = new LinkedHashMap<>();
        Map<String, Set<String>> originals = new LinkedHashMap<>();
        flatten("", descriptor, search, originals);
        return new IndexedFields(write(search), write(originals), fullText(descriptor));
    }

    /** The descriptor in the order the catalog serves it, with its uid. */
    private ObjectNode withUid(ObjectNode descriptor, UUID uid) {
        ObjectNode entity = json.createObjectNode();
        entity.set("apiVersion", descriptor.get("apiVersion"));
        entity.set("kind", descriptor.get("kind"));
        ObjectNode metadata = ((ObjectNode) descriptor.get("metadata")).deepCopy();
        metadata.put("uid", uid.toString());
        entity.set("metadata", metadata);
        Iterator<Map.Entry<String, JsonNode>> fields = descriptor.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (!entity.has(field.getKey())) {
                entity.set(field.getKey(), field.getValue());
            }
        }
        return entity;
    }

    private static void flatten(String prefix, JsonNode node, Map<String, Set<String>> search,
            Map<String, Set<String>> originals) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                String path = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
                if (prefix.isEmpty() && (path.equals("relations") || path.equals("status"))) {
                    continue;
                }
                if (path.equals("metadata.etag")) {
                    continue;
                }
                if (IndexedFields.ROW_COLUMN_KEYS.contains(path.toLowerCase(Locale.ROOT))) {
                    continue;
                }
                flatten(path, field.getValue(), search, originals);
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                if (item.isTextual()) {
                    add(prefix + "." + item.asText(), "true", search, originals);
                }
                flatten(prefix, item, search, originals);
            }
        } else if (node.isNull()) {
            search.computeIfAbsent(prefix.toLowerCase(Locale.ROOT), key -> new LinkedHashSet<>());
            originals.computeIfAbsent(prefix.toLowerCase(Locale.ROOT), key -> new LinkedHashSet<>());
        } else {
            add(prefix, node.asText(), search, originals);
        }
    }

    private static void add(String path, String value, Map<String, Set<String>> search,
            Map<String, Set<String>> originals) {
        String key = path.toLowerCase(Locale.ROOT);
        Set<String> values = search.computeIfAbsent(key, k -> new LinkedHashSet<>());
        Set<String> original = originals.computeIfAbsent(key, k -> new LinkedHashSet<>());
        if (value.length() <= MAX_SEARCH_VALUE) {
            values.add(value.toLowerCase(Locale.ROOT));
            original.add(value);
        }
    }

    private static String fullText(ObjectNode descriptor) {
        JsonNode metadata = descriptor.get("metadata");
        List<String> parts = new ArrayList<>();
        parts.add(metadata.path("name").asText());
        parts.add(metadata.path("title").asText(""));
        parts.add(metadata.path("description").asText(""));
        for (JsonNode tag : metadata.path("tags")) {
            parts.add(tag.asText());
        }
        return String.join(" ", parts);
    }

    /** A digest of everything the served entity holds, so it changes exactly when the entity does. */
    private static String etagOf(String descriptorJson, UUID uid, List<Relation> relations, List<String> unresolved) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(descriptorJson.getBytes(StandardCharsets.UTF_8));
            digest.update((byte) 0);
            digest.update(uid.toString().getBytes(StandardCharsets.US_ASCII));
            for (Relation relation : relations) {
                digest.update((byte) 0);
                digest.update((relation.type() + " " + relation.targetRef()).getBytes(StandardCharsets.UTF_8));
            }
            for (String ref : unresolved) {
                digest.update((byte) 1);
                digest.update(ref.getBytes(StandardCharsets.UTF_8));
            }
            byte[] hash = digest.digest();
            return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(hash, 16));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** Sets the etag and the relations; both keep their place among the entity's fields when replaced. */
    private void putRelations(ObjectNode entity, String etag, List<Relation> relations) {
        ((ObjectNode) entity.get("metadata")).put("etag", etag);
        ArrayNode array = entity.putArray("relations");
        for (Relation relation : relations) {
            array.add(node(relation));
        }
    }

    private ObjectNode node(Relation relation) {
        return json.createObjectNode().put("type", relation.type()).put("targetRef", relation.targetRef());
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a rendered entity cannot be written", e);
        }
    }
}
