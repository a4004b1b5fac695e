package dev.paved.catalog.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.api.catalog.v1.DeleteEntityRequest;
import dev.paved.api.catalog.v1.Entity;
import dev.paved.api.catalog.v1.EntitySlot;
import dev.paved.api.catalog.v1.FacetsRequest;
import dev.paved.api.catalog.v1.FacetsResponse;
import dev.paved.api.catalog.v1.GetEntitiesByRefsRequest;
import dev.paved.api.catalog.v1.GraphRequest;
import dev.paved.api.catalog.v1.GraphResponse;
import dev.paved.api.catalog.v1.ListEntitiesRequest;
import dev.paved.api.catalog.v1.ListEntitiesResponse;
import dev.paved.api.common.v1.PageRequest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.test.junit.QuarkusTest;

/** Queries over a namespace of their own, so entities of other tests never match. */
@QuarkusTest
class CatalogQueryTest extends CatalogGrpcTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String NS = "metadata.namespace=querying";

    @BeforeEach
    void seed() {
        StringBuilder yaml = new StringBuilder();
        yaml.append(groupIn("q-owners")).append("---\n").append(groupIn("q-others")).append("---\n");
        yaml.append("""
                apiVersion: backstage.io/v1alpha1
                kind: System
                metadata:
                  name: q-system
                  namespace: querying
                spec:
                  owner: q-owners
                """);
        for (int i = 1; i <= 12; i++) {
            yaml.append("---\n").append("""
                    apiVersion: backstage.io/v1alpha1
                    kind: Component
                    metadata:
                      name: q-component-%02d
                      namespace: querying
                      title: %s
                      description: %s
                      tags: [%s]
                    spec:
                      type: %s
                      lifecycle: %s
                      owner: %s
                    %s""".formatted(i,
                    i == 7 ? "Payment Gateway" : "Component " + i,
                    i == 3 ? "Handles invoices and refunds" : "An ordinary component",
                    i % 2 == 0 ? "java, backend" : "python",
                    i % 3 == 0 ? "website" : "service",
                    i <= 4 ? "production" : "experimental",
                    i <= 6 ? "q-owners" : "group:q-others",
                    i <= 2 ? "  system: q-system\n" : ""));
        }
        ingestYaml(yaml.toString());
    }

    private static String groupIn(String name) {
        return """
                apiVersion: backstage.io/v1alpha1
                kind: Group
                metadata:
                  name: %s
                  namespace: querying
                spec:
                  type: team
                  children: []
                """.formatted(name);
    }

    private static ListEntitiesResponse list(ListEntitiesRequest.Builder request) {
        return admin().listEntities(request.build());
    }

    private static List<String> names(ListEntitiesResponse response) {
        return response.getItemsList().stream().map(Entity::getName).toList();
    }

    private static List<String> names(String... filters) {
        return names(list(ListEntitiesRequest.newBuilder().addAllFilter(List.of(filters))
                .setPage(PageRequest.newBuilder().setLimit(500))));
    }

    @Test
    void conditionsOfOneFilterMustAllHold() {
        assertEquals(List.of("q-component-01", "q-component-02", "q-component-04"),
                names(NS + ",kind=component,spec.lifecycle=production,spec.type=service"));
    }

    @Test
    void repeatedFiltersMatchEitherAndValuesCompareCaseInsensitively() {
        assertEquals(List.of("q-component-03", "q-component-06", "q-component-09", "q-component-12", "q-system"),
                names(NS + ",kind=Component,spec.type=WEBSITE", NS + ",kind=system"));
    }

    @Test
    void tagsMatchByMembershipInBothSpellings() {
        List<String> java = names(NS + ",metadata.tags.java");
        assertEquals(List.of("q-component-02", "q-component-04", "q-component-06", "q-component-08", "q-component-10",
                "q-component-12"), java);
        assertEquals(java, names(NS + ",metadata.tags=java"));
    }

    @Test
    void filtersByRelation() {
        assertEquals(List.of("q-component-07", "q-component-08", "q-component-09", "q-component-10",
                "q-component-11", "q-component-12"), names(NS + ",relations.ownedBy=group:querying/q-others"));
        assertEquals(List.of("q-owners"), names(NS + ",relations.ownerof=system:querying/q-system"));
    }

    @Test
    void aBareKeyAsksThatTheFieldExists() {
        assertEquals(List.of("q-component-01", "q-component-02"), names(NS + ",kind=component,spec.system"));
    }

    @Test
    void projectsTheRequestedFields() throws IOException {
        ListEntitiesResponse response = list(ListEntitiesRequest.newBuilder().addFilter(NS + ",metadata.name=q-component-07")
                .addFields("metadata.name,spec.owner").addFields("metadata.title"));
        JsonNode entity = JSON.readTree(response.getItems(0).getJson());
        assertEquals(Set.of("metadata", "spec"), fieldNames(entity));
        assertEquals(Set.of("name", "title"), fieldNames(entity.get("metadata")));
        assertEquals("group:q-others", entity.at("/spec/owner").asText());
        assertEquals("Payment Gateway", entity.at("/metadata/title").asText());
    }

    private static Set<String> fieldNames(JsonNode node) {
        Set<String> names = new LinkedHashSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void ordersByAFieldInEitherDirection() {
        List<String> descending = names(list(ListEntitiesRequest.newBuilder().addFilter(NS + ",kind=component")
                .setOrder("metadata.name,desc").setPage(PageRequest.newBuilder().setLimit(3))));
        assertEquals(List.of("q-component-12", "q-component-11", "q-component-10"), descending);
        List<String> byLifecycle = names(list(ListEntitiesRequest.newBuilder().addFilter(NS + ",kind=component")
                .setOrder("spec.lifecycle").setPage(PageRequest.newBuilder().setLimit(12))));
        assertEquals(Set.of("q-component-05", "q-component-06", "q-component-07", "q-component-08",
                "q-component-09", "q-component-10", "q-component-11", "q-component-12"),
                Set.copyOf(byLifecycle.subList(0, 8)));
    }

    @Test
    void aRepeatedQuerySeesEveryWriteMadeSinceItWasLastAnswered() {
        String production = NS + ",kind=component,spec.lifecycle=production";
        List<String> before = List.of("q-component-01", "q-component-02", "q-component-03", "q-component-04");
        assertEquals(before, names(production));
        assertEquals(before, names(production));

        ingestYaml("""
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: q-component-05
                  namespace: querying
                spec:
                  type: service
                  lifecycle: production
                  owner: q-owners
                """);
        assertEquals(List.of("q-component-01", "q-component-02", "q-component-03", "q-component-04",
                "q-component-05"), names(production));

        admin().deleteEntity(DeleteEntityRequest.newBuilder().setKind("Component").setNamespace("querying")
                .setName("q-component-01").build());
        assertEquals(List.of("q-component-02", "q-component-03", "q-component-04", "q-component-05"),
                names(production));
    }

    @Test
    void cursorPagesStayConsistentWhileWritesHappen() {
        List<String> seen = new ArrayList<>();
        ListEntitiesResponse page = list(ListEntitiesRequest.newBuilder().addFilter(NS + ",kind=component")
                .setOrder("metadata.name").setPage(PageRequest.newBuilder().setLimit(5)));
        seen.addAll(names(page));
        // Written between pages: one before the cursor (must not appear), one removed after it (must not).
        ingestYaml("""
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: q-component-00
                  namespace: querying
                spec:
                  type: service
                  lifecycle: production
                  owner: q-owners
                """);
        admin().deleteEntity(DeleteEntityRequest.newBuilder().setKind("Component").setNamespace("querying")
                .setName("q-component-09").build());
        while (!page.getPage().getNextCursor().isEmpty()) {
            page = list(ListEntitiesRequest.newBuilder().addFilter(NS + ",kind=component").setOrder("metadata.name")
                    .setPage(PageRequest.newBuilder().setLimit(5).setCursor(page.getPage().getNextCursor())));
            seen.addAll(names(page));
        }
        assertEquals(List.of("q-component-01", "q-component-02", "q-component-03", "q-component-04", "q-component-05",
                "q-component-06", "q-component-07", "q-component-08", "q-component-10", "q-component-11",
                "q-component-12"), seen);
        admin().deleteEntity(DeleteEntityRequest.newBuilder().setKind("Component").setNamespace("querying")
                .setName("q-component-00").build());
    }

    @Test
    void aPreviousCursorPagesBackThroughTheSamePagesInEitherOrder() {
        for (String order : List.of("metadata.name,desc", "")) {
            ListEntitiesRequest.Builder query = ListEntitiesRequest.newBuilder().addFilter(NS + ",kind=component")
                    .setOrder(order).setIncludeTotal(true);
            List<List<String>> forward = new ArrayList<>();
            ListEntitiesResponse page = list(query.clone().setPage(PageRequest.newBuilder().setLimit(5)));
            assertEquals("", page.getPrevCursor(), "the first page has nothing before it");
            forward.add(names(page));
            while (!page.getPage().getNextCursor().isEmpty()) {
                assertEquals(12, page.getTotalItems());
                page = list(query.clone().setPage(PageRequest.newBuilder().setLimit(5)
                        .setCursor(page.getPage().getNextCursor())));
                forward.add(names(page));
            }
            List<List<String>> backward = new ArrayList<>();
            backward.add(names(page));
            while (!page.getPrevCursor().isEmpty()) {
                page = list(query.clone().setPage(PageRequest.newBuilder().setLimit(5).setCursor(page.getPrevCursor())));
                backward.add(0, names(page));
                assertFalse(page.getPage().getNextCursor().isEmpty(), "a page reached going back has pages after it");
            }
            assertEquals(List.of(5, 5, 2), forward.stream().map(List::size).toList());
            assertEquals(forward, backward, "order " + order);
        }
    }

    @Test
    void countsEveryMatchOnlyWhenAsked() {
        ListEntitiesRequest.Builder query = ListEntitiesRequest.newBuilder().addFilter(NS + ",spec.lifecycle=production")
                .setPage(PageRequest.newBuilder().setLimit(1));
        assertEquals(0, list(query).getTotalItems());
        assertEquals(4, list(query.setIncludeTotal(true)).getTotalItems());
    }

    @Test
    void countsFacetValuesUnderTheSameFilters() {
        FacetsResponse response = admin().facets(FacetsRequest.newBuilder().addFacet("spec.type").addFacet("kind")
                .addFilter(NS + ",kind=component").build());
        Map<String, Long> types = response.getFacets(0).getValuesList().stream()
                .collect(Collectors.toMap(value -> value.getValue(), value -> value.getCount()));
        assertEquals(Map.of("service", 8L, "website", 4L), types);
        assertEquals("spec.type", response.getFacets(0).getField());
        assertEquals("Component", response.getFacets(1).getValues(0).getValue());
        assertEquals(12L, response.getFacets(1).getValues(0).getCount());
    }

    @Test
    void answersKindNamespaceNameAndUidFromTheEntityRowAsAnyOtherField() {
        String uid = list(ListEntitiesRequest.newBuilder().addFilter(NS + ",metadata.name=q-component-07")).getItems(0)
                .getUid();
        assertEquals(List.of("q-component-07"), names(NS + ",metadata.uid=" + uid.toUpperCase(Locale.ROOT)));
        assertEquals(List.of("q-component-07"), names(NS + ",metadata.uid=not-a-uid", NS + ",metadata.uid=" + uid));
        assertEquals(List.of(), names(NS + ",metadata.uid=not-a-uid"));
        assertEquals(List.of("q-system"), names(NS + ",kind=system,metadata.uid,metadata.name"));
        assertEquals(List.of("q-component-07"), names(list(ListEntitiesRequest.newBuilder().addFilter(NS)
                .setQ(uid.substring(4, 20).toUpperCase(Locale.ROOT)).addQFields("metadata.uid"))));

        FacetsResponse facets = admin().facets(FacetsRequest.newBuilder().addFacet("metadata.namespace")
                .addFacet("metadata.name").addFacet("metadata.uid").addFacet("kind")
                .addFilter(NS + ",metadata.name=q-component-07").addFilter(NS + ",kind=group").build());
        assertEquals("querying", facets.getFacets(0).getValues(0).getValue());
        assertEquals(3L, facets.getFacets(0).getValues(0).getCount());
        assertEquals(List.of("q-component-07", "q-others", "q-owners"), facets.getFacets(1).getValuesList().stream()
                .map(value -> value.getValue()).sorted().toList());
        assertTrue(facets.getFacets(2).getValuesList().stream().anyMatch(value -> value.getValue().equals(uid)
                && value.getCount() == 1));
        assertEquals(Map.of("Component", 1L, "Group", 2L), facets.getFacets(3).getValuesList().stream()
                .collect(Collectors.toMap(value -> value.getValue(), value -> value.getCount())));
    }

    @Test
    void searchesNameTitleDescriptionAndTagsByWordPrefix() {
        assertEquals(List.of("q-component-07"), names(list(ListEntitiesRequest.newBuilder().addFilter(NS)
                .setQ("payment gate"))));
        assertEquals(List.of("q-component-03"), names(list(ListEntitiesRequest.newBuilder().addFilter(NS)
                .setQ("refund"))));
        assertEquals(6, list(ListEntitiesRequest.newBuilder().addFilter(NS).setQ("pyth")).getItemsCount());
        assertEquals(List.of("q-component-11"), names(list(ListEntitiesRequest.newBuilder().addFilter(NS)
                .setQ("q-component-11"))));
    }

    @Test
    void searchesOnlyTheNamedFieldsForTheTextAnywhereInTheirValues() {
        assertEquals(List.of("q-component-07"), names(list(ListEntitiesRequest.newBuilder().addFilter(NS)
                .setQ("ment gate").addQFields("metadata.title"))));
        assertEquals(List.of(), names(list(ListEntitiesRequest.newBuilder().addFilter(NS)
                .setQ("ment gate").addQFields("metadata.name").addQFields("metadata.description"))));
        assertEquals(List.of("q-component-03"), names(list(ListEntitiesRequest.newBuilder().addFilter(NS)
                .setQ("REFUND").addQFields("metadata.name,metadata.description"))));
        assertEquals(4, list(ListEntitiesRequest.newBuilder().addFilter(NS).setQ("websit")
                .addQFields("spec.type")).getItemsCount());
        assertEquals(List.of(), names(list(ListEntitiesRequest.newBuilder().addFilter(NS).setQ("%")
                .addQFields("metadata.name"))));
    }

    @Test
    void refusesFullTextFieldsThatAreNotFieldPaths() {
        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> list(ListEntitiesRequest
                .newBuilder().addFilter(NS).setQ("x").addQFields("not a field!")));
        assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
    }

    @Test
    void readsByRefsInOrderWithAnEmptySlotForMissing() {
        List<EntitySlot> slots = admin().getEntitiesByRefs(GetEntitiesByRefsRequest.newBuilder()
                .addRefs("component:querying/q-component-05").addRefs("component:querying/nope")
                .addRefs("group:querying/q-owners").build()).getItemsList();
        assertEquals(3, slots.size());
        assertEquals("q-component-05", slots.get(0).getEntity().getName());
        assertFalse(slots.get(1).hasEntity());
        assertEquals("component:querying/nope", slots.get(1).getRef());
        assertEquals("q-owners", slots.get(2).getEntity().getName());
    }

    @Test
    void readsByRefsAnsweringAnEntityTheFilterDoesNotMatchAsAbsent() {
        // q-component-03 is a website, q-component-04 a service; the second filter matches any group.
        List<EntitySlot> slots = admin().getEntitiesByRefs(GetEntitiesByRefsRequest.newBuilder()
                .addRefs("component:querying/q-component-03").addRefs("component:querying/q-component-04")
                .addRefs("group:querying/q-owners").addRefs("component:querying/nope")
                .addFilter("kind=component,spec.type=website").addFilter("kind=group").build()).getItemsList();

        assertEquals(List.of("q-component-03", "", "q-owners", ""),
                slots.stream().map(slot -> slot.hasEntity() ? slot.getEntity().getName() : "").toList());
        assertEquals("component:querying/q-component-04", slots.get(1).getRef());

        StatusRuntimeException refused = assertThrows(StatusRuntimeException.class, () -> admin().getEntitiesByRefs(
                GetEntitiesByRefsRequest.newBuilder().addRefs("component:querying/q-component-03")
                        .addFilter("=website").build()));
        assertEquals(Status.Code.INVALID_ARGUMENT, refused.getStatus().getCode());
    }

    @Test
    void walksTheGraphToTheRequestedDepth() {
        GraphResponse one = admin().graph(GraphRequest.newBuilder().setKind("component").setNamespace("querying")
                .setName("q-component-01").setDepth(1).build());
        Set<String> reached = one.getEntitiesList().stream().map(Entity::getName).collect(Collectors.toSet());
        assertEquals(Set.of("q-component-01", "q-owners", "q-system"), reached);
        assertEquals("component:querying/q-component-01", one.getRootRef());

        GraphResponse two = admin().graph(GraphRequest.newBuilder().setKind("component").setNamespace("querying")
                .setName("q-component-01").setDepth(2).build());
        Set<String> further = two.getEntitiesList().stream().map(Entity::getName).collect(Collectors.toSet());
        assertTrue(further.containsAll(Set.of("q-component-02", "q-component-06")));
        assertTrue(two.getEdgesList().stream().anyMatch(edge -> edge.getSourceRef().equals("group:querying/q-owners")
                && edge.getType().equals("ownerOf") && edge.getTargetRef().equals("component:querying/q-component-06")));

        GraphResponse owners = admin().graph(GraphRequest.newBuilder().setKind("component").setNamespace("querying")
                .setName("q-component-01").setDepth(2).addRelationTypes("ownedBy").build());
        assertEquals(Set.of("q-component-01", "q-owners"),
                owners.getEntitiesList().stream().map(Entity::getName).collect(Collectors.toSet()));
    }
}
