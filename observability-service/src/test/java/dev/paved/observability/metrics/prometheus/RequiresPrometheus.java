package dev.paved.observability.metrics.prometheus;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Tests that start a {@link LocalPrometheus}: skipped, saying why, where the prometheus and
 * promtool binaries are missing, except with {@code PAVED_CI=true}, where they run and fail.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresPrometheus.Installed.class)
public @interface RequiresPrometheus {

    final class Installed implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (LocalPrometheus.installed() || "true".equals(System.getenv("PAVED_CI"))) {
                return ConditionEvaluationResult.enabled("prometheus is installed or required");
            }
            return ConditionEvaluationResult.disabled(
                    "prometheus and promtool are not installed (apt-get install -y prometheus); PAVED_CI=true makes this fail");
        }
    }
}
