package dev.paved.provisioning.deployments.domain;

import java.util.UUID;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.paved.provisioning.domain.ObjectRef;
import dev.paved.provisioning.operations.domain.PlannedStep;
import dev.paved.provisioning.operations.domain.StepAction;

/**
 * The steps that provision and drop a resource outside the cluster. The step's object is the Secret
 * holding the resource's credentials; its manifest is the claim (what to create, where), JSON.
 */
public final class ProvisioningSteps {

    private ProvisioningSteps() {
    }

    public static PlannedStep provision(UUID environmentId, String namespace, ProvisionedResource resource) {
        return new PlannedStep(StepAction.PROVISION, secret(namespace, resource), claim(environmentId, namespace,
                resource));
    }

    public static PlannedStep deprovision(UUID environmentId, String namespace, ProvisionedResource resource) {
        return new PlannedStep(StepAction.DEPROVISION, secret(namespace, resource), claim(environmentId, namespace,
                resource));
    }

    private static ObjectRef secret(String namespace, ProvisionedResource resource) {
        return new ObjectRef("v1", "Secret", namespace, resource.secretName());
    }

    private static String claim(UUID environmentId, String namespace, ProvisionedResource resource) {
        ObjectNode claim = JsonNodeFactory.instance.objectNode();
        claim.put("type", resource.type());
        claim.put("resource", resource.resource());
        claim.put("database", resource.database());
        claim.put("role", resource.role());
        claim.put("secret", resource.secretName());
        claim.put("namespace", namespace);
        claim.put("environmentId", environmentId.toString());
        return claim.toString();
    }
}
