package dev.paved.common.paging;

import java.util.List;

/** One page of a list, as every list of the API answers: {@code {items, nextCursor}}. */
public record Page<T>(List<T> items, String nextCursor) {
}
