package dev.paved.provisioning.deployments.domain;

import java.util.List;

import dev.paved.provisioning.domain.ObjectRef;
import dev.paved.provisioning.operations.domain.OperationView;

/** The operation that applies a revision, the revision, and for a dry run the plan. */
public record DeployResult(OperationView operation, Revision revision, Plan plan) {

    /** What a dry run shows: the objects as rendered, every guardrail's decision, and how the cluster would change. */
    public record Plan(List<String> manifests, List<GuardrailDecision> guardrails, List<ObjectChange> diff) {
    }

    public record ObjectChange(ObjectRef object, Change change, List<String> changedFields) {
    }

    public enum Change {
        ADDED, CHANGED, REMOVED, UNCHANGED
    }
}
