package dev.paved.observability.health.domain;

/** One rule that fired: the health it asks for and the reason it gives. */
record Finding(Health health, Reason reason) {

    static Finding of(Health health, String reason, String message, String object) {
        return new Finding(health, new Reason(reason, message, object));
    }
}
