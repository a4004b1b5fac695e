package dev.paved.provisioning.operations.domain;

/** The workers that carry out queued operations on this replica. */
public interface OperationWorkers {

    /** New work was queued on this replica: an idle worker takes it now rather than at its next poll. */
    void wakeUp();
}
