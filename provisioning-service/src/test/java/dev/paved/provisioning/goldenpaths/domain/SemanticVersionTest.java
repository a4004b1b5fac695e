package dev.paved.provisioning.goldenpaths.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class SemanticVersionTest {

    @Test
    void ordersByNumbersNotByText() {
        List<String> sorted = List.of("1.10.0", "1.9.0", "2.0.0", "1.9.10", "0.1.0", "1.9.2").stream()
                .map(text -> SemanticVersion.parse(text).orElseThrow()).sorted().map(SemanticVersion::toString)
                .toList();
        assertEquals(List.of("0.1.0", "1.9.0", "1.9.2", "1.9.10", "1.10.0", "2.0.0"), sorted);
    }

    @Test
    void acceptsOnlyStrictMajorMinorPatch() {
        assertEquals(Optional.of(new SemanticVersion(10, 0, 3)), SemanticVersion.parse("10.0.3"));
        for (String bad : new String[] { "1.0", "1", "v1.0.0", "01.0.0", "1.00.0", "1.0.0-rc.1", "1.0.0+build",
                " 1.0.0", "1.0.0.0", "1..0", "9999999999.0.0", "", "a.b.c" }) {
            assertTrue(SemanticVersion.parse(bad).isEmpty(), bad);
        }
        assertTrue(SemanticVersion.parse(null).isEmpty());
    }
}
