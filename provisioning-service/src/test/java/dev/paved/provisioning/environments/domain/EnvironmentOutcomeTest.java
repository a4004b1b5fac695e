package dev.paved.provisioning.environments.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.paved.provisioning.operations.domain.OperationState;
import dev.paved.provisioning.operations.domain.OperationType;

class EnvironmentOutcomeTest {

    @Test
    void aFinishedOperationSettlesTheEnvironmentAsItsTypeSays() {
        assertEquals(EnvironmentOutcome.READY,
                EnvironmentOutcome.of(OperationType.CREATE_ENVIRONMENT, OperationState.SUCCEEDED));
        assertEquals(EnvironmentOutcome.READY_AT_NEW_TIER,
                EnvironmentOutcome.of(OperationType.UPDATE_ENVIRONMENT, OperationState.SUCCEEDED));
        assertEquals(EnvironmentOutcome.READY_RECONCILED,
                EnvironmentOutcome.of(OperationType.RECONCILE_ENVIRONMENT, OperationState.SUCCEEDED));
        assertEquals(EnvironmentOutcome.DELETED,
                EnvironmentOutcome.of(OperationType.DELETE_ENVIRONMENT, OperationState.SUCCEEDED));
    }

    @Test
    void aFailedOrCancelledChangeFailsTheEnvironment() {
        for (OperationType type : new OperationType[] {OperationType.CREATE_ENVIRONMENT,
                OperationType.UPDATE_ENVIRONMENT, OperationType.DELETE_ENVIRONMENT}) {
            assertEquals(EnvironmentOutcome.FAILED, EnvironmentOutcome.of(type, OperationState.FAILED));
            assertEquals(EnvironmentOutcome.FAILED, EnvironmentOutcome.of(type, OperationState.CANCELLED));
        }
    }

    @Test
    void anUnfinishedReconciliationLeavesTheEnvironmentAsItWas() {
        assertEquals(EnvironmentOutcome.UNCHANGED,
                EnvironmentOutcome.of(OperationType.RECONCILE_ENVIRONMENT, OperationState.FAILED));
        assertEquals(EnvironmentOutcome.UNCHANGED,
                EnvironmentOutcome.of(OperationType.RECONCILE_ENVIRONMENT, OperationState.CANCELLED));
    }
}
