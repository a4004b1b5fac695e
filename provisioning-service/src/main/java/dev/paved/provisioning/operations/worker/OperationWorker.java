package dev.paved.provisioning.operations.worker;

import java.util.Optional;

import org.jboss.logging.Logger;

import dev.paved.provisioning.operations.persistence.OperationQueue;

/**
 * One worker: claims the next due operation, carries it out, and goes on to the next. Whatever
 * happens to it, its claim is released when it stops working on the operation, so that another
 * worker can resume it.
 */
public class OperationWorker {

    private static final Logger LOG = Logger.getLogger(OperationWorker.class);

    private final OperationQueue queue;
    private final OperationRunner runner;

    public OperationWorker(OperationQueue queue, OperationRunner runner) {
        this.queue = queue;
        this.runner = runner;
    }

    /** Works on one due operation, if there is one; false when there was none. */
    public boolean workOnce() {
        Optional<OperationQueue.Claim> claimed = queue.claimNext();
        if (claimed.isEmpty()) {
            return false;
        }
        try (OperationQueue.Claim claim = claimed.get()) {
            runner.run(claim);
        } catch (RuntimeException unexpected) {
            // The operation stays queued as it was; it is tried again, by this or another worker.
            LOG.errorf(unexpected, "operation %s stopped unexpectedly", claimed.get().operationId());
            throw unexpected;
        }
        return true;
    }
}
