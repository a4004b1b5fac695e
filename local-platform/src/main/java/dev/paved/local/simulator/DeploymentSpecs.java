package dev.paved.local.simulator;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStrategy;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;

/**
 * A Deployment's spec with the API server's defaults filled in where it leaves fields out (the
 * in-process API applies none): one replica, a rolling update with 25% surge and 25% unavailable,
 * ten old ReplicaSets kept, a progress deadline of 600 seconds.
 */
record DeploymentSpecs(int replicas, boolean recreate, int maxSurge, int maxUnavailable, int minReadySeconds,
        int revisionHistoryLimit, int progressDeadlineSeconds, boolean paused) {

    private static final IntOrString QUARTER = new IntOrString("25%");

    static DeploymentSpecs of(Deployment deployment) {
        DeploymentSpec spec = deployment.getSpec();
        int replicas = spec.getReplicas() == null ? 1 : Math.max(0, spec.getReplicas());
        DeploymentStrategy strategy = spec.getStrategy();
        boolean recreate = strategy != null && "Recreate".equals(strategy.getType());
        RollingUpdateDeployment rolling = strategy == null ? null : strategy.getRollingUpdate();
        int surge = 0;
        int unavailable = 0;
        if (!recreate) {
            surge = scaled(rolling == null || rolling.getMaxSurge() == null ? QUARTER : rolling.getMaxSurge(), replicas,
                    true);
            unavailable = scaled(rolling == null || rolling.getMaxUnavailable() == null ? QUARTER
                    : rolling.getMaxUnavailable(), replicas, false);
            if (surge == 0 && unavailable == 0) {
                // Kubernetes' way out of a rollout that could never move.
                unavailable = 1;
            }
            unavailable = Math.min(unavailable, replicas);
        }
        return new DeploymentSpecs(replicas, recreate, surge, unavailable,
                orDefault(spec.getMinReadySeconds(), 0), orDefault(spec.getRevisionHistoryLimit(), 10),
                orDefault(spec.getProgressDeadlineSeconds(), 600), Boolean.TRUE.equals(spec.getPaused()));
    }

    /** An absolute number, or a percentage of {@code total} rounded up (surge) or down (unavailable). */
    static int scaled(IntOrString value, int total, boolean roundUp) {
        if (value.getIntVal() != null) {
            return Math.max(0, value.getIntVal());
        }
        String text = value.getStrVal() == null ? "" : value.getStrVal().trim();
        if (text.endsWith("%")) {
            try {
                long percent = Long.parseLong(text.substring(0, text.length() - 1));
                long product = percent * total;
                return (int) Math.max(0, roundUp ? (product + 99) / 100 : product / 100);
            } catch (NumberFormatException notAPercentage) {
                return 0;
            }
        }
        try {
            return Math.max(0, Integer.parseInt(text));
        } catch (NumberFormatException notANumber) {
            return 0;
        }
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
