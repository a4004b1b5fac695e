package dev.paved.catalog.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.paved.common.problem.ProblemException;

class EntityFilterTest {

    @Test
    void conditionsOfOneFilterFormOneSetAndFiltersAreAlternatives() {
        EntityFilter filter = EntityFilter.parse(List.of("kind=Component,spec.lifecycle=production", "kind=api"));

        assertEquals(List.of(
                List.of(new EntityFilter.Condition("kind", List.of("component")),
                        new EntityFilter.Condition("spec.lifecycle", List.of("production"))),
                List.of(new EntityFilter.Condition("kind", List.of("api")))), filter.alternatives());
    }

    @Test
    void aRepeatedKeyInOneFilterAcceptsAnyOfItsValues() {
        EntityFilter filter = EntityFilter.parse(List.of("kind=component,kind=api"));

        assertEquals(List.of(List.of(new EntityFilter.Condition("kind", List.of("component", "api")))),
                filter.alternatives());
    }

    @Test
    void aBareKeyIsAnExistenceCondition() {
        EntityFilter.Condition condition = EntityFilter.parse(List.of("spec.system")).alternatives().get(0).get(0);

        assertTrue(condition.isExistence());
        assertEquals("spec.system", condition.key());
    }

    @Test
    void rejectsWhatIsNotTheSyntax() {
        for (String bad : List.of("", "kind==x", "a=b=c", "=x", "kind=", "(kind=x)", "kind=x,,", "key with space=x")) {
            ProblemException problem = assertThrows(ProblemException.class, () -> EntityFilter.parse(List.of(bad)), bad);
            assertEquals("INVALID_FILTER", problem.code());
            assertEquals(400, problem.status());
        }
    }
}
