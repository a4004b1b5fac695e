package dev.paved.local.simulator;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * The simulator's one thread. Every controller runs on it, so none needs a lock and each sees the
 * cache as it left it. Work is keyed: an object queued twice before its turn is reconciled once, as
 * in a Kubernetes controller's work queue. Delays are timers, never polling, so an idle cluster costs
 * nothing.
 */
final class ControlLoop implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ControlLoop.class.getName());
    /** After a conflict the cache catches up within a watch event or two. */
    private static final Duration CONFLICT_RETRY = Duration.ofMillis(50);
    private static final Duration FIRST_ERROR_RETRY = Duration.ofMillis(500);
    private static final Duration MAX_ERROR_RETRY = Duration.ofSeconds(30);

    /** Something reconciled by name, e.g. one Deployment. */
    @FunctionalInterface
    interface Reconciler {
        void reconcile(String namespace, String name);
    }

    private record Work(Reconciler reconciler, String namespace, String name) {
    }

    private final ScheduledThreadPoolExecutor executor;
    private final Set<Work> queued = new HashSet<>();
    private final Map<Work, Integer> failures = new HashMap<>();
    private volatile Thread thread;
    private volatile boolean closing;

    ControlLoop() {
        executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread created = new Thread(runnable, "cluster-simulator");
            created.setDaemon(true);
            thread = created;
            return created;
        });
        executor.setRemoveOnCancelPolicy(true);
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Runs {@code task} on the loop; from any thread. */
    void execute(Runnable task) {
        try {
            executor.execute(() -> runLogged(task));
        } catch (RejectedExecutionException closed) {
            // The simulator is stopping: nothing more to do.
        }
    }

    /** Runs {@code task} on the loop after {@code delay}. */
    ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        try {
            return executor.schedule(() -> runLogged(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            return null;
        }
    }

    /** Queues a reconciliation of the named object, unless one is queued already. On the loop only. */
    void enqueue(Reconciler reconciler, String namespace, String name) {
        Work work = new Work(reconciler, namespace, name);
        if (queued.add(work)) {
            execute(() -> run(work));
        }
    }

    void enqueueAfter(Duration delay, Reconciler reconciler, String namespace, String name) {
        schedule(delay, () -> enqueue(reconciler, namespace, name));
    }

    boolean onLoop() {
        return Thread.currentThread() == thread;
    }

    private void run(Work work) {
        queued.remove(work);
        try {
            work.reconciler().reconcile(work.namespace(), work.name());
            failures.remove(work);
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409 || e.getCode() == 404) {
                // Someone changed or removed the object since the cache saw it; look again.
                enqueueAfter(CONFLICT_RETRY, work.reconciler(), work.namespace(), work.name());
            } else {
                retryLater(work, e);
            }
        } catch (RuntimeException e) {
            retryLater(work, e);
        }
    }

    private void retryLater(Work work, RuntimeException e) {
        if (closing) {
            return;
        }
        int count = failures.merge(work, 1, Integer::sum);
        if (count == 1) {
            LOG.log(System.Logger.Level.WARNING, "the cluster simulator could not reconcile " + work.namespace() + "/"
                    + work.name() + "; it keeps trying", e);
        }
        long millis = Math.min(FIRST_ERROR_RETRY.toMillis() << Math.min(count - 1, 10), MAX_ERROR_RETRY.toMillis());
        enqueueAfter(Duration.ofMillis(millis), work.reconciler(), work.namespace(), work.name());
    }

    private void runLogged(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            if (closing) {
                // A write cut short by the stop: nothing is lost that a restart does not redo.
                return;
            }
            LOG.log(System.Logger.Level.WARNING, "a cluster simulator task failed", e);
        }
    }

    @Override
    public void close() {
        closing = true;
        executor.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
