package dev.paved.local;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Tests that run the launcher's Prometheus: skipped, saying why, where no prometheus binary is on the
 * PATH, except with {@code PAVED_CI=true}, where they run and fail.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RequiresPrometheus.Installed.class)
@interface RequiresPrometheus {

    final class Installed implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            if (LocalPrometheus.findOnPath(System.getenv("PATH")).isPresent() || "true".equals(System.getenv("PAVED_CI"))) {
                return ConditionEvaluationResult.enabled("prometheus is installed or required");
            }
            return ConditionEvaluationResult.disabled(
                    "no prometheus on the PATH (apt-get install -y prometheus); PAVED_CI=true makes this fail");
        }
    }
}
