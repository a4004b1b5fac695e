package dev.paved.observability.health.domain;

/** Status counts that the API leaves out when they are zero. */
final class Counts {

    private Counts() {
    }

    static int orZero(Integer count) {
        return count == null ? 0 : count;
    }

    static long orZero(Long count) {
        return count == null ? 0 : count;
    }
}
