package dev.paved.catalog.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.paved.api.catalog.v1.ChangeAction;
import dev.paved.api.catalog.v1.DocumentFormat;
import dev.paved.api.catalog.v1.FacetsRequest;
import dev.paved.api.catalog.v1.UpsertRequest;
import dev.paved.api.catalog.v1.UpsertResponse;
import io.quarkus.test.junit.QuarkusTest;

/** One request of 10,000 entities, related to each other, is taken whole. */
@QuarkusTest
class BulkIngestTest extends CatalogGrpcTest {

    private static final int COUNT = 10_000;

    @Test
    void ingestsTenThousandRelatedEntitiesInOneRequest() throws java.io.IOException {
        StringBuilder json = new StringBuilder("[{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Group\","
                + "\"metadata\":{\"name\":\"bulk-team\",\"namespace\":\"bulk\"},\"spec\":{\"type\":\"team\",\"children\":[]}}");
        for (int i = 1; i < COUNT; i++) {
            json.append(",{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\",\"metadata\":{\"name\":\"bulk-")
                    .append(i).append("\",\"namespace\":\"bulk\",\"tags\":[\"java\"]},\"spec\":{\"type\":\"")
                    .append(i % 2 == 0 ? "service" : "library")
                    .append("\",\"lifecycle\":\"production\",\"owner\":\"bulk-team\",\"dependsOn\":[\"component:bulk-")
                    .append(i % (COUNT - 1) + 1).append("\"]}}");
        }
        json.append(']');

        UpsertResponse response = as(ADMIN).upsert(UpsertRequest.newBuilder().setBody(json.toString())
                .setFormat(DocumentFormat.DOCUMENT_FORMAT_JSON).build());

        assertEquals(COUNT, response.getResultsCount());
        assertTrue(response.getResultsList().stream().allMatch(result -> result.getAction() == ChangeAction.CHANGE_ACTION_CREATED));
        var types = admin().facets(FacetsRequest.newBuilder().addFacet("spec.type")
                .addFilter("metadata.namespace=bulk,kind=component").build()).getFacets(0).getValuesList();
        assertEquals(List.of(COUNT / 2, COUNT / 2 - 1), types.stream().map(value -> (int) value.getCount()).toList());
        assertEquals(COUNT - 1, EntityModelTest.relations(get("Group", "bulk", "bulk-team")).size());
        assertTrue(EntityModelTest.relations(get("Component", "bulk", "bulk-5")).containsAll(java.util.Set.of(
                "ownedBy group:bulk/bulk-team", "dependsOn component:bulk/bulk-6", "dependencyOf component:bulk/bulk-4")));
    }
}
