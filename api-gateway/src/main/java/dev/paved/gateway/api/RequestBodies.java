package dev.paved.gateway.api;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;

/** The one answer to a request without the body its endpoint needs. */
public final class RequestBodies {

    private RequestBodies() {
    }

    /**
     * The body, unless it is absent (or, for a text body, blank): then 400 BODY_REQUIRED, pointing at
     * the body, with what to send as its detail.
     */
    public static <T> T required(T body, String whatToSend) {
        if (body == null || body instanceof String text && text.isBlank()) {
            throw ProblemException.badRequest("BODY_REQUIRED", whatToSend, Violation.at("", "is required"));
        }
        return body;
    }
}
