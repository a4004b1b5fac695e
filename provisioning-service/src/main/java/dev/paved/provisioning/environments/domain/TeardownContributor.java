package dev.paved.provisioning.environments.domain;

import java.util.List;
import java.util.UUID;

import dev.paved.provisioning.operations.domain.PlannedStep;

/**
 * What another feature must undo before an environment's objects are deleted (its workloads'
 * resources outside the cluster, which deleting the namespace does not remove). Called in the
 * transaction that plans the teardown.
 */
public interface TeardownContributor {

    List<PlannedStep> stepsBeforeTeardown(UUID environmentId);
}
