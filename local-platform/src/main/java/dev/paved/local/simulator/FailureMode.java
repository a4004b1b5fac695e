package dev.paved.local.simulator;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** What a workload annotated {@value #ANNOTATION} acts out. */
enum FailureMode {

    /** Nothing: the workload behaves. */
    NONE(""),
    /** Each container starts, exits with code 1 and is restarted after a growing back-off, never ready. */
    CRASH_LOOP("crash-loop"),
    /** The image cannot be pulled: ErrImagePull, then ImagePullBackOff, again and again. */
    IMAGE_PULL_ERROR("image-pull-error"),
    /** Each container starts, runs out of memory (exit code 137) and is restarted after a back-off. */
    OOM_KILLED("oom-killed"),
    /** No node fits the pod, which stays Pending. */
    UNSCHEDULABLE("unschedulable"),
    /** Everything succeeds, {@code slowFactor} times slower. */
    SLOW("slow");

    static final String ANNOTATION = "paved.dev/simulate";

    private final String value;

    FailureMode(String value) {
        this.value = value;
    }

    String value() {
        return value;
    }

    /** The mode an annotation value names; empty for a value that names none. */
    static Optional<FailureMode> parse(String annotation) {
        if (annotation == null || annotation.isBlank()) {
            return Optional.of(NONE);
        }
        String wanted = annotation.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(mode -> mode != NONE && mode.value.equals(wanted)).findFirst();
    }

    static String allowedValues() {
        return Arrays.stream(values()).filter(mode -> mode != NONE).map(FailureMode::value)
                .collect(Collectors.joining(", "));
    }

    /** Whether the containers die after they start. */
    boolean crashes() {
        return this == CRASH_LOOP || this == OOM_KILLED;
    }
}
