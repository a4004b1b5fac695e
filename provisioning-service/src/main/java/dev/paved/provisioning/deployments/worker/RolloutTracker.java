package dev.paved.provisioning.deployments.worker;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.paved.provisioning.deployments.domain.Rollout;
import dev.paved.provisioning.deployments.kubernetes.RolloutReader;
import dev.paved.provisioning.deployments.persistence.DeploymentStore;
import dev.paved.provisioning.kubernetes.KubernetesCallFailed;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Follows the rollouts whose objects are applied until they end (RolledOut or Failed), recording on
 * each revision what its workload looks like. Every replica may run it: recording the same
 * observation twice is harmless, and a rollout that ended is never written again.
 */
@ApplicationScoped
public class RolloutTracker {

    private static final Logger LOG = Logger.getLogger(RolloutTracker.class);
    /** Rollouts looked at per round; the oldest news first, so none starves. */
    private static final int BATCH = 200;

    private final DeploymentStore store;
    private final RolloutReader reader;

    public RolloutTracker(DeploymentStore store, RolloutReader rollouts) {
        this.store = store;
        this.reader = rollouts;
    }

    @Scheduled(every = "${paved.provisioning.deployments.rollout-poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void track() {
        List<DeploymentStore.OpenRollout> open = QuarkusTransaction.requiringNew().call(() -> store.openRollouts(BATCH));
        Map<String, List<DeploymentStore.OpenRollout>> byNamespace = new LinkedHashMap<>();
        open.forEach(rollout -> byNamespace.computeIfAbsent(rollout.cluster() + "/" + rollout.namespace(),
                key -> new ArrayList<>()).add(rollout));
        byNamespace.values().forEach(this::track);
    }

    /** The open rollouts of one namespace, read together. */
    private void track(List<DeploymentStore.OpenRollout> rollouts) {
        DeploymentStore.OpenRollout first = rollouts.get(0);
        Map<String, String> kinds = new LinkedHashMap<>();
        rollouts.forEach(rollout -> kinds.put(rollout.workload(), rollout.kind()));
        Map<String, Rollout> seen;
        try {
            seen = reader.readAll(first.cluster(), first.namespace(), kinds);
        } catch (KubernetesCallFailed failure) {
            LOG.debugf("cannot read the rollouts of %s: %s", first.environment(), failure.getMessage());
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> store.updateRollouts(rollouts.stream()
                .map(rollout -> new DeploymentStore.ObservedRollout(rollout.workloadId(), rollout.number(),
                        seen.get(rollout.workload())))
                .toList()));
    }
}
