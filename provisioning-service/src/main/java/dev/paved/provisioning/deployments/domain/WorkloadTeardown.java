package dev.paved.provisioning.deployments.domain;

import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import dev.paved.provisioning.deployments.persistence.DeploymentStore;
import dev.paved.provisioning.environments.domain.Environment;
import dev.paved.provisioning.environments.domain.TeardownContributor;
import dev.paved.provisioning.environments.persistence.EnvironmentStore;
import dev.paved.provisioning.operations.domain.PlannedStep;

/** Tearing an environment down drops what its workloads provisioned outside the cluster. */
@ApplicationScoped
public class WorkloadTeardown implements TeardownContributor {

    private final DeploymentStore store;
    private final EnvironmentStore environments;

    public WorkloadTeardown(DeploymentStore store, EnvironmentStore environments) {
        this.store = store;
        this.environments = environments;
    }

    @Override
    public List<PlannedStep> stepsBeforeTeardown(UUID environmentId) {
        String namespace = environments.findById(environmentId).map(Environment::namespace).orElseThrow();
        return store.provisionedInEnvironment(environmentId).stream()
                .map(resource -> ProvisioningSteps.deprovision(environmentId, namespace, resource)).toList();
    }
}
