package dev.paved.provisioning.environments.worker;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;

import dev.paved.provisioning.config.ProvisioningConfig;
import dev.paved.provisioning.environments.domain.EnvironmentState;
import dev.paved.provisioning.environments.persistence.DriftEntity;
import dev.paved.provisioning.environments.persistence.EnvironmentEntity;
import dev.paved.provisioning.kubernetes.KubernetesCallFailed;
import dev.paved.provisioning.operations.domain.StepOutcome;
import dev.paved.provisioning.operations.persistence.ManagedObjectEntity;
import dev.paved.provisioning.operations.worker.KubernetesStepExecutor;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * The periodic reconciler: every ready environment not compared with its cluster for a while is,
 * object by object, and what went missing or drifted is re-applied and recorded as drift. Only the
 * objects Paved recorded are looked at. Replicas share the work: an environment is locked
 * ({@code FOR NO KEY UPDATE SKIP LOCKED}) while it is reconciled, so no two replicas do the same one.
 */
@ApplicationScoped
public class Reconciler {

    private static final Logger LOG = Logger.getLogger(Reconciler.class);
    private static final int BATCH = 100;
    /** How long a shutdown waits for the environment under way; one takes a few Kubernetes calls. */
    private static final long STOP_WAIT_SECONDS = 10;

    private final KubernetesStepExecutor executor;
    private final ProvisioningConfig config;
    private final ReentrantLock running = new ReentrantLock();
    private volatile boolean stopping;

    public Reconciler(KubernetesStepExecutor executor, ProvisioningConfig config) {
        this.executor = executor;
        this.config = config;
    }

    @Scheduled(every = "${paved.provisioning.reconciler.interval}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void periodically() {
        reconcileDue();
    }

    /**
     * At shutdown, before the application's beans go: the environment being reconciled is finished
     * (its transaction would otherwise fail half-way), and no other is started.
     */
    public void stop(@Observes ShutdownEvent event) throws InterruptedException {
        stopping = true;
        if (running.tryLock(STOP_WAIT_SECONDS, TimeUnit.SECONDS)) {
            running.unlock();
        }
    }

    /** Reconciles the environments that are due; answers how many it reconciled (none once stopping). */
    public int reconcileDue() {
        running.lock();
        try {
            return stopping ? 0 : reconcileDueEnvironments();
        } finally {
            running.unlock();
        }
    }

    private int reconcileDueEnvironments() {
        Instant dueBefore = Instant.now().minus(config.reconciler().minAge());
        List<UUID> due = QuarkusTransaction.requiringNew().call(() -> EnvironmentEntity.getEntityManager()
                .createQuery("select e.id from EnvironmentEntity e where e.state = ?1 and (e.lastReconciledAt is null"
                        + " or e.lastReconciledAt < ?2) order by e.lastReconciledAt nulls first", UUID.class)
                .setParameter(1, EnvironmentState.READY).setParameter(2, dueBefore)
                .setMaxResults(BATCH).getResultList());
        int reconciled = 0;
        for (UUID environment : due) {
            if (stopping) {
                break;
            }
            try {
                if (QuarkusTransaction.requiringNew().call(() -> reconcile(environment, dueBefore))) {
                    reconciled++;
                }
            } catch (KubernetesCallFailed failure) {
                LOG.warnf("reconciling environment %s stopped: %s", environment, failure.getMessage());
            }
        }
        return reconciled;
    }

    private boolean reconcile(UUID environmentId, Instant dueBefore) {
        EntityManager entities = EnvironmentEntity.getEntityManager();
        // NO KEY UPDATE, not UPDATE: it excludes other reconcilers all the same, but not the key-share
        // locks that inserting a row referencing the environment takes, so that a deployment (its
        // workload row) is not held up while the environment's objects are compared with the cluster.
        List<?> locked = entities.createNativeQuery("SELECT id FROM provisioning.environment WHERE id = ?1"
                + " AND state = 'READY' AND (last_reconciled_at IS NULL OR last_reconciled_at < ?2)"
                + " FOR NO KEY UPDATE SKIP LOCKED")
                .setParameter(1, environmentId).setParameter(2, dueBefore).getResultList();
        if (locked.isEmpty()) {
            return false;
        }
        EnvironmentEntity environment = EnvironmentEntity.findById(environmentId);
        for (ManagedObjectEntity object : ManagedObjectEntity.ofEnvironment(environmentId)) {
            if (object.appliedAt == null) {
                continue;
            }
            StepOutcome outcome = executor.reconcile(environment.cluster, environmentId, object.ref(), object.manifest,
                    object.uid);
            if (outcome.drift() != null) {
                DriftEntity.of(environmentId, object.ref(), outcome.drift().kind(), outcome.drift().detail(),
                        outcome.drift().repaired()).persist();
                if (outcome.uid() != null) {
                    object.uid = outcome.uid();
                    object.appliedAt = Instant.now();
                }
            }
        }
        // A bulk update, so that the environment's etag stays: being looked at is not a change.
        entities.createQuery("update EnvironmentEntity e set e.lastReconciledAt = ?1 where e.id = ?2")
                .setParameter(1, Instant.now()).setParameter(2, environmentId).executeUpdate();
        return true;
    }
}
