package dev.paved.provisioning.operations.worker;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.paved.provisioning.config.ProvisioningConfig;
import dev.paved.provisioning.operations.domain.OperationWorkers;
import dev.paved.provisioning.operations.persistence.OperationQueue;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * This replica's workers: a fixed number of threads, each working through the shared queue. Idle
 * workers look for work every poll interval (other replicas queue work too) and at once when this
 * replica accepts an operation.
 */
@ApplicationScoped
public class WorkerPool implements OperationWorkers {

    private static final Logger LOG = Logger.getLogger(WorkerPool.class);
    private static final long STOP_GRACE_MILLIS = 10_000;

    private final OperationQueue queue;
    private final OperationRunner runner;
    private final int concurrency;
    private final Duration pollInterval;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition workArrived = lock.newCondition();
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private long wakeUps;

    public WorkerPool(OperationQueue queue, OperationRunner runner, ProvisioningConfig config) {
        this.queue = queue;
        this.runner = runner;
        this.concurrency = config.workers().concurrency();
        this.pollInterval = config.workers().pollInterval();
    }

    void start(@Observes StartupEvent started) {
        running = true;
        for (int i = 0; i < concurrency; i++) {
            Thread thread = new Thread(this::work, "paved-worker-" + i);
            thread.setDaemon(true);
            threads.add(thread);
            thread.start();
        }
    }

    void stop(@Observes ShutdownEvent stopping) {
        running = false;
        wakeUp();
        long deadline = System.currentTimeMillis() + STOP_GRACE_MILLIS;
        for (Thread thread : threads) {
            try {
                thread.join(Math.max(1, deadline - System.currentTimeMillis()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void wakeUp() {
        lock.lock();
        try {
            wakeUps++;
            workArrived.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void work() {
        OperationWorker worker = new OperationWorker(queue, runner);
        while (running) {
            long seen = wakeUpsSoFar();
            boolean worked;
            try {
                worked = worker.workOnce();
            } catch (RuntimeException unexpected) {
                LOG.warn("worker backs off after an unexpected failure", unexpected);
                worked = false;
            }
            if (!worked) {
                awaitWork(seen);
            }
        }
    }

    private long wakeUpsSoFar() {
        lock.lock();
        try {
            return wakeUps;
        } finally {
            lock.unlock();
        }
    }

    private void awaitWork(long seen) {
        lock.lock();
        try {
            if (wakeUps == seen && running) {
                workArrived.await(pollInterval.toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }
}
