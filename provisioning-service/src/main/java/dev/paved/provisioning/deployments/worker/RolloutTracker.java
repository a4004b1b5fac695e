package dev.paved.provisioning.deployments.worker;

import java.util.List;

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
    private final RolloutReader rollouts;

    public RolloutTracker(DeploymentStore store, RolloutReader rollouts) {
        this.store = store;
        this.rollouts = rollouts;
    }

    @Scheduled(every = "${paved.provisioning.deployments.rollout-poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void track() {
        List<DeploymentStore.OpenRollout> open = QuarkusTransaction.requiringNew().call(() -> store.openRollouts(BATCH));
        for (DeploymentStore.OpenRollout rollout : open) {
            try {
                Rollout seen = rollouts.read(rollout.cluster(), rollout.namespace(), rollout.kind(),
                        rollout.workload());
                QuarkusTransaction.requiringNew().run(() -> store.updateRollout(rollout.workloadId(),
                        rollout.number(), seen));
            } catch (KubernetesCallFailed failure) {
                LOG.debugf("cannot read the rollout of %s/%s: %s", rollout.environment(), rollout.workload(),
                        failure.getMessage());
            }
        }
    }
}
