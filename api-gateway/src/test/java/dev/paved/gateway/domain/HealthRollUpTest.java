package dev.paved.gateway.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HealthRollUpTest {

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', value = {
            "''                              | Healthy",
            "Healthy,Healthy                 | Healthy",
            "Healthy,Suspended               | Suspended",
            "Suspended,Progressing           | Progressing",
            "Progressing,Missing,Healthy     | Missing",
            "Missing,Degraded                | Degraded",
            "Degraded,Unknown,Healthy        | Unknown",
            "Healthy,Sideways                | Unknown" })
    void isTheWorstOfTheHealthsRolledUp(String healths, String worst) {
        List<String> each = healths.isEmpty() ? List.of() : List.of(healths.split(","));
        assertEquals(worst, HealthRollUp.worst(each));
    }
}
