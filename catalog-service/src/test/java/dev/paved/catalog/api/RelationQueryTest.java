package dev.paved.catalog.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import dev.paved.api.catalog.v1.DeleteEntityRequest;
import dev.paved.api.catalog.v1.Entity;
import dev.paved.api.catalog.v1.FacetsRequest;
import dev.paved.api.catalog.v1.ListEntitiesRequest;
import dev.paved.api.catalog.v1.ListEntitiesResponse;
import dev.paved.api.common.v1.PageRequest;
import io.quarkus.test.junit.QuarkusTest;

/**
 * Filters, facets and orders on {@code relations.<type>}, answered from the relations table: they follow
 * every write that adds, moves or removes a relation, from either side.
 */
@QuarkusTest
class RelationQueryTest extends CatalogGrpcTest {

    private static final String NS = "metadata.namespace=relating";

    @BeforeEach
    void seed() {
        ingestYaml(String.join("---\n",
                groupIn("r-alpha", "children: [R-Beta]"), groupIn("R-Beta", "children: []\n  parent: r-alpha"),
                componentIn("r-one", "r-alpha", "dependsOn: [component:relating/r-two]"),
                componentIn("r-two", "group:relating/R-Beta", ""),
                componentIn("r-three", "R-Beta", "dependsOn: [component:relating/r-missing]")));
    }

    private static String groupIn(String name, String family) {
        return """
                apiVersion: backstage.io/v1alpha1
                kind: Group
                metadata:
                  name: %s
                  namespace: relating
                spec:
                  type: team
                  %s
                """.formatted(name, family);
    }

    private static String componentIn(String name, String owner, String extraSpec) {
        return """
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: %s
                  namespace: relating
                spec:
                  type: service
                  lifecycle: production
                  owner: %s
                  %s
                """.formatted(name, owner, extraSpec);
    }

    private static List<String> namesOrderedBy(String order, String... filters) {
        return admin().listEntities(ListEntitiesRequest.newBuilder().addAllFilter(List.of(filters)).setOrder(order)
                .setPage(PageRequest.newBuilder().setLimit(500)).build())
                .getItemsList().stream().map(Entity::getName).toList();
    }

    private static List<String> names(String... filters) {
        return namesOrderedBy("", filters);
    }

    @Test
    void filtersByRelationFromEitherSideCaseInsensitively() {
        assertEquals(List.of("r-three", "r-two"), names(NS + ",relations.ownedBy=group:relating/r-beta"));
        assertEquals(List.of("r-alpha"), names(NS + ",relations.ownerof=COMPONENT:relating/R-ONE"));
        assertEquals(List.of("r-one"), names(NS + ",relations.dependson=component:relating/r-two"));
        assertEquals(List.of("r-two"), names(NS + ",relations.dependencyOf=component:relating/r-one"));
        assertEquals(List.of(), names(NS + ",relations.dependencyof=component:relating/r-two"));
    }

    @Test
    void repeatedValuesOfARelationMatchAnyAndCombineWithOtherConditions() {
        assertEquals(List.of("r-one", "r-three", "r-two"), names(NS
                + ",relations.ownedby=group:relating/r-alpha,relations.ownedby=group:relating/r-beta"));
        assertEquals(List.of("r-three"), names(NS + ",kind=component,relations.ownedby=group:relating/r-beta"
                + ",relations.dependson"));
        assertEquals(List.of("r-two", "r-alpha"), names(NS + ",relations.ownerof=component:relating/r-one",
                NS + ",relations.dependencyof"));
    }

    @Test
    void aRelationToAnEntityNotYetInTheCatalogMatches() {
        assertEquals(List.of("r-three"), names(NS + ",relations.dependson=component:relating/r-missing"));
    }

    @Test
    void anUnknownRelationTypeOrATargetWithoutRelationsMatchesNothing() {
        assertEquals(List.of(), names(NS + ",relations.nosuchtype=group:relating/r-beta"));
        assertEquals(List.of(), names(NS + ",relations.nosuchtype"));
        assertEquals(List.of(), names(NS + ",relations.ownedby=group:relating/nobody"));
        assertEquals(List.of(), names(NS + ",relations.ownedby=r-beta"), "a filter value is a full ref");
    }

    @Test
    void followsRelationsThatMoveOrGoAway() {
        ingestYaml(componentIn("r-one", "R-Beta", ""));
        assertEquals(List.of(), names(NS + ",relations.ownedby=group:relating/r-alpha"));
        assertEquals(List.of("r-one", "r-three", "r-two"), names(NS + ",relations.ownedby=group:relating/r-beta"));
        assertEquals(List.of(), names(NS + ",relations.dependencyof=component:relating/r-one"));

        admin().deleteEntity(DeleteEntityRequest.newBuilder().setKind("Component").setNamespace("relating")
                .setName("r-two").build());
        assertEquals(List.of("r-one", "r-three"), names(NS + ",relations.ownedby=group:relating/r-beta"));
        assertEquals(List.of("R-Beta"), names(NS + ",relations.ownerof=component:relating/r-three"));
        assertEquals(List.of(), names(NS + ",relations.ownerof=component:relating/r-two"));
    }

    @Test
    void countsRelationTargetsAsWrittenOncePerEntityEvenWhenBothSidesDeclareIt() {
        Map<String, Long> owners = admin().facets(FacetsRequest.newBuilder().addFacet("relations.ownedBy")
                .addFilter(NS + ",kind=component").build()).getFacets(0).getValuesList().stream()
                .collect(Collectors.toMap(value -> value.getValue(), value -> value.getCount()));
        assertEquals(Map.of("group:relating/R-Beta", 2L, "group:relating/r-alpha", 1L), owners);
        Map<String, Long> parents = admin().facets(FacetsRequest.newBuilder().addFacet("relations.childOf")
                .addFilter(NS).build()).getFacets(0).getValuesList().stream()
                .collect(Collectors.toMap(value -> value.getValue(), value -> value.getCount()));
        assertEquals(Map.of("group:relating/r-alpha", 1L), parents, "R-Beta says childOf, r-alpha says parentOf");
        assertEquals(List.of(), admin().facets(FacetsRequest.newBuilder().addFacet("relations.nosuchtype")
                .addFilter(NS).build()).getFacets(0).getValuesList());
    }

    @Test
    void ordersByTheFirstTargetOfARelation() {
        assertEquals(List.of("r-one", "r-three", "r-two"), namesOrderedBy("relations.ownedby", NS + ",kind=component"));
        assertEquals(List.of("r-two", "r-three", "r-one"), namesOrderedBy("relations.ownedby,desc", NS + ",kind=component"));
        List<String> paged = new ArrayList<>();
        ListEntitiesRequest.Builder request = ListEntitiesRequest.newBuilder().addFilter(NS + ",kind=component")
                .setOrder("relations.ownedby");
        String cursor = "";
        do {
            ListEntitiesResponse page = admin().listEntities(request.setPage(PageRequest.newBuilder().setLimit(1)
                    .setCursor(cursor)).build());
            page.getItemsList().forEach(entity -> paged.add(entity.getName()));
            cursor = page.getPage().getNextCursor();
        } while (!cursor.isEmpty());
        assertEquals(List.of("r-one", "r-three", "r-two"), paged, "a cursor continues after the relation's value");
    }
}
