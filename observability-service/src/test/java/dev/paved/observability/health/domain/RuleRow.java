package dev.paved.observability.health.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collection;
import java.util.List;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * One row of a rule table: the objects in a namespace, and the health and reasons (code and object,
 * worst first) the named workload must get. {@code message}, when given, must appear in one of the
 * reasons' messages.
 */
record RuleRow(String rule, List<HasMetadata> objects, String workload, Health health, List<String> reasons,
        String message) {

    static RuleRow row(String rule, List<HasMetadata> objects, String workload, Health health, String... reasons) {
        return new RuleRow(rule, objects, workload, health, List.of(reasons), null);
    }

    RuleRow saying(String fragment) {
        return new RuleRow(rule, objects, workload, health, reasons, fragment);
    }

    void check(Collection<WorkloadRef> expected) {
        WorkloadHealth result = new HealthAssessment(HealthPolicy.DEFAULT)
                .workload(Fixtures.objects(objects), workload, expected, Fixtures.NOW);
        List<String> reasonsGiven = result.reasons().stream()
                .map(reason -> reason.reason() + " " + reason.object())
                .toList();
        assertEquals(health, result.health(), () -> rule + ": " + result.reasons());
        assertEquals(reasons, reasonsGiven, () -> rule + ": " + result.reasons());
        if (message != null) {
            assertTrue(result.reasons().stream().anyMatch(reason -> reason.message().contains(message)),
                    () -> rule + ": no reason says '" + message + "': " + result.reasons());
        }
    }

    void check() {
        check(List.of());
    }

    @Override
    public String toString() {
        return rule;
    }
}
