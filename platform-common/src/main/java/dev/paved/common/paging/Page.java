package dev.paved.common.paging;

import java.util.List;

import dev.paved.api.common.v1.PageInfo;

/** One page of a list, as every list of the API answers: {@code {items, nextCursor}}. */
public record Page<T>(List<T> items, String nextCursor) {

    /** The page's position as gRPC answers it: no next cursor on the last page. */
    public PageInfo pageInfo() {
        PageInfo.Builder info = PageInfo.newBuilder();
        if (nextCursor != null) {
            info.setNextCursor(nextCursor);
        }
        return info.build();
    }
}
