package dev.paved.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JvmMemoryTest {

    @ParameterizedTest(name = "{0}: trim option {1}")
    @CsvSource({
            "17.0.8, false",
            "17.0.9, true",
            "17.0.15, true",
            "18.0.2, false",
            "20.0.2, false",
            "21, false",
            "21.0.1, true",
            "22, true",
            "25.0.1, true"})
    void nativeHeapTrimIsAskedOnlyOfJvmsThatKnowTheOption(String version, boolean expected) {
        List<String> options = JvmMemory.trimOptions(Runtime.Version.parse(version));

        assertEquals(expected ? List.of("-XX:TrimNativeHeapInterval=5000") : List.of(), options);
    }
}
