package dev.paved.gateway.domain;

import java.util.List;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;

/** The catalog orders a list by one field (ties by entity ref), whichever API asks it to. */
public final class CatalogOrder {

    private CatalogOrder() {
    }

    /**
     * The one {@code order} given, trimmed, or null without one. A second is refused rather than
     * ignored: the answer would silently be in another order than asked for.
     */
    public static String single(List<String> orders) {
        List<String> given = orders == null ? List.of() : orders.stream().filter(order -> !order.isBlank()).toList();
        if (given.size() > 1) {
            String why = "orders by one field only (ties go by entity ref), got " + given.size();
            throw ProblemException.badRequest("INVALID_ORDER", "The parameter order is not valid: " + why + ".",
                    Violation.parameter("order", why));
        }
        return given.isEmpty() ? null : given.get(0).trim();
    }
}
