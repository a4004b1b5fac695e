package dev.paved.gateway.api.backstage;

import java.util.ArrayList;
import java.util.List;

import dev.paved.api.catalog.v1.CatalogService;
import dev.paved.api.catalog.v1.Entity;
import dev.paved.api.catalog.v1.ListEntitiesRequest;
import dev.paved.api.catalog.v1.ListEntitiesResponse;
import dev.paved.api.common.v1.PageRequest;
import io.smallrye.mutiny.Uni;

/**
 * A stretch of a catalog list as Backstage asks for it: skip {@code offset} entities, then take
 * {@code limit} (or all), across as many of the catalog's pages of at most 500 as that needs. The
 * cursors are the catalog's own, so they stay valid while the catalog changes: {@code nextCursor}
 * continues after the last entity taken, {@code prevCursor} pages back from the first.
 */
record EntitySpan(List<Entity> items, String nextCursor, String prevCursor, long totalItems) {

    private static final int CATALOG_PAGE = dev.paved.common.paging.PageRequest.MAX_LIMIT;
    /** What an entity is projected to while it is only skipped over: enough to move the cursor. */
    private static final String SKIPPED_FIELDS = "kind";

    /**
     * @param query the filters, text, order and fields; its page is set here
     * @param from a catalog cursor to start after, or empty for the start of the list
     * @param total whether to count every match (from the first call the span makes)
     */
    static Uni<EntitySpan> read(CatalogService catalog, ListEntitiesRequest query, String from, int skip, int take,
            boolean total) {
        return new Reading(catalog, query, skip, take, total).step(from);
    }

    private static final class Reading {

        private final CatalogService catalog;
        private final ListEntitiesRequest query;
        private final boolean total;
        private final List<Entity> items = new ArrayList<>();
        private int toSkip;
        private int toTake;
        private boolean first = true;
        private String prevCursor = "";
        private long totalItems;

        Reading(CatalogService catalog, ListEntitiesRequest query, int skip, int take, boolean total) {
            this.catalog = catalog;
            this.query = query;
            this.toSkip = skip;
            this.toTake = take;
            this.total = total;
        }

        Uni<EntitySpan> step(String cursor) {
            boolean skipping = toSkip > 0;
            if (!skipping && toTake == 0 && !(first && total)) {
                return Uni.createFrom().item(done(""));
            }
            ListEntitiesRequest.Builder page = query.toBuilder().setIncludeTotal(first && total)
                    .setPage(PageRequest.newBuilder().setCursor(cursor)
                            .setLimit(Math.max(1, Math.min(CATALOG_PAGE, skipping ? toSkip : toTake))));
            if (skipping || toTake == 0) {
                page.clearFields().addFields(SKIPPED_FIELDS);
            }
            return catalog.listEntities(page.build()).chain(answer -> next(answer, skipping));
        }

        private Uni<EntitySpan> next(ListEntitiesResponse answer, boolean skipping) {
            if (first) {
                totalItems = answer.getTotalItems();
                first = false;
            }
            String next = answer.getPage().getNextCursor();
            if (skipping) {
                toSkip -= answer.getItemsCount();
                return next.isEmpty() ? Uni.createFrom().item(done("")) : step(next);
            }
            if (toTake == 0) {
                return Uni.createFrom().item(done(""));
            }
            if (items.isEmpty()) {
                prevCursor = answer.getPrevCursor();
            }
            items.addAll(answer.getItemsList());
            toTake -= answer.getItemsCount();
            return next.isEmpty() || toTake <= 0 ? Uni.createFrom().item(done(next)) : step(next);
        }

        private EntitySpan done(String next) {
            return new EntitySpan(items, emptyToNull(next), emptyToNull(prevCursor), totalItems);
        }
    }

    private static String emptyToNull(String cursor) {
        return cursor == null || cursor.isEmpty() ? null : cursor;
    }
}
