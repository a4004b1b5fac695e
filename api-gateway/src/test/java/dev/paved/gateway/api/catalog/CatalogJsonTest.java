package dev.paved.gateway.api.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.paved.api.catalog.v1.Change;
import dev.paved.api.catalog.v1.ChangeType;
import dev.paved.api.catalog.v1.ChangesResponse;
import dev.paved.api.catalog.v1.Entity;

class CatalogJsonTest {

    private static final Entity ENTITY = Entity.newBuilder().setJson("{\"kind\":\"Component\"}").build();

    @Test
    void aPageCarriesItsNextCursorAndTheLastPageLeavesItOut() {
        assertEquals("{\"items\":[{\"kind\":\"Component\"}],\"nextCursor\":\"a\\\"b\"}",
                CatalogJson.page(List.of(ENTITY), "a\"b"));
        assertEquals("{\"items\":[{\"kind\":\"Component\"}]}", CatalogJson.page(List.of(ENTITY), ""));
        assertEquals("{\"items\":[]}", CatalogJson.page(List.of(), null));
    }

    @Test
    void aDeletionInTheChangeFeedHasNoEntity() {
        Change deleted = Change.newBuilder().setRevision(8).setType(ChangeType.CHANGE_TYPE_DELETED)
                .setRef("component:default/a").setUid("u").setChangedAt("2026-01-01T00:00:00Z").build();
        Change upserted = deleted.toBuilder().setRevision(9).setType(ChangeType.CHANGE_TYPE_UPSERTED).setEntity(ENTITY)
                .build();

        assertEquals("{\"items\":[{\"revision\":8,\"type\":\"DELETED\",\"ref\":\"component:default/a\",\"uid\":\"u\","
                + "\"changedAt\":\"2026-01-01T00:00:00Z\"},{\"revision\":9,\"type\":\"UPSERTED\","
                + "\"ref\":\"component:default/a\",\"uid\":\"u\",\"changedAt\":\"2026-01-01T00:00:00Z\","
                + "\"entity\":{\"kind\":\"Component\"}}],\"lastRevision\":9}",
                CatalogJson.changes(ChangesResponse.newBuilder().addChanges(deleted).addChanges(upserted)
                        .setLastRevision(9).build()));
    }

    @Test
    void byRefsKeepsTheOrderAndANullForEachMissingEntity() {
        assertEquals("{\"items\":[null,{\"kind\":\"Component\"},null]}",
                CatalogJson.slots(java.util.Arrays.asList(null, ENTITY, null)));
    }
}
