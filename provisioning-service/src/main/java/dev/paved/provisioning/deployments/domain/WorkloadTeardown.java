package dev.paved.provisioning.deployments.domain;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.paved.provisioning.deployments.persistence.DeploymentStore;
import dev.paved.provisioning.environments.domain.TeardownContributor;
import dev.paved.provisioning.environments.persistence.EnvironmentEntity;
import dev.paved.provisioning.operations.domain.PlannedStep;

/** Tearing an environment down drops what its workloads provisioned outside the cluster. */
@ApplicationScoped
public class WorkloadTeardown implements TeardownContributor {

    private final DeploymentStore store;

    public WorkloadTeardown(DeploymentStore store) {
        this.store = store;
    }

    @Override
    public List<PlannedStep> stepsBeforeTeardown(UUID environmentId) {
        String namespace = EnvironmentEntity.<EnvironmentEntity>findByIdOptional(environmentId)
                .map(environment -> environment.namespace).orElseThrow();
        return store.provisionedInEnvironment(environmentId).stream()
                .map(resource -> ProvisioningSteps.deprovision(environmentId, namespace, resource)).toList();
    }
}
