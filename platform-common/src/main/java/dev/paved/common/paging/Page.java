package dev.paved.common.paging;

import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.paved.api.common.v1.PageInfo;

/**
 * One page of a list, as every list of the API answers: {@code {items, nextCursor}}; on the last page
 * nextCursor is null, and left out of the JSON.
 */
public record Page<T>(@Schema(required = true) List<T> items,
        @Schema(description = "Asks for the next page; absent on the last page.") String nextCursor) {

    /** The page's position as gRPC answers it: no next cursor on the last page. */
    public PageInfo pageInfo() {
        PageInfo.Builder info = PageInfo.newBuilder();
        if (nextCursor != null) {
            info.setNextCursor(nextCursor);
        }
        return info.build();
    }
}
