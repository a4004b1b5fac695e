package dev.paved.provisioning.operations.worker;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.provisioning.domain.ObjectRef;
import dev.paved.provisioning.environments.domain.DriftKind;
import dev.paved.provisioning.kubernetes.KubernetesCallFailed;
import dev.paved.provisioning.kubernetes.KubernetesObjects;
import dev.paved.provisioning.kubernetes.Labels;
import dev.paved.provisioning.kubernetes.ManifestDiff;
import dev.paved.provisioning.operations.domain.StepAction;
import dev.paved.provisioning.operations.domain.StepOutcome;
import dev.paved.provisioning.operations.domain.StepRun;

/**
 * Applies, deletes and reconciles objects, touching only what Paved created for the environment: an
 * object is Paved's when it carries the managed-by label and the environment's id. A namespace that
 * exists but is not Paved's is never taken over; teardown leaves foreign objects where they are.
 */
@ApplicationScoped
public class KubernetesStepExecutor implements ActionExecutor {

    private final KubernetesObjects objects;
    private final ObjectMapper json;

    public KubernetesStepExecutor(KubernetesObjects objects, ObjectMapper json) {
        this.objects = objects;
        this.json = json;
    }

    @Override
    public Set<StepAction> actions() {
        return EnumSet.of(StepAction.APPLY, StepAction.DELETE, StepAction.RECONCILE);
    }

    @Override
    public StepOutcome execute(StepRun step) {
        return switch (step.action()) {
            case APPLY -> apply(step);
            case DELETE -> delete(step);
            case RECONCILE -> reconcile(step.cluster(), step.environmentId(), step.object(), step.manifest(),
                    step.knownUid());
            default -> throw new IllegalArgumentException("not a Kubernetes object step: " + step.action());
        };
    }

    private StepOutcome apply(StepRun step) {
        if ("Namespace".equals(step.object().kind())) {
            Optional<JsonNode> existing = objects.get(step.cluster(), step.object());
            if (existing.isPresent() && !isOurs(existing.get(), step.environmentId(), step.knownUid())) {
                throw new StepFailed(409, "NAMESPACE_TAKEN", step.object().display()
                        + " already exists and was not created by Paved for this environment; give the environment"
                        + " another name.");
            }
        }
        return StepOutcome.applied(objects.apply(step.cluster(), step.object(), step.manifest()));
    }

    private StepOutcome delete(StepRun step) {
        Optional<JsonNode> existing = objects.get(step.cluster(), step.object());
        if (existing.isEmpty()) {
            return StepOutcome.done("Already gone.");
        }
        if (!isOurs(existing.get(), step.environmentId(), step.knownUid())) {
            return StepOutcome.done("Left in place: not created by Paved for this environment.");
        }
        objects.delete(step.cluster(), step.object());
        if (objects.get(step.cluster(), step.object()).isPresent()) {
            // A namespace terminates while what is in it goes; the step waits for it.
            throw new KubernetesCallFailed(step.object(), 0, true, step.object().display() + " is still terminating.");
        }
        return StepOutcome.done("Deleted.");
    }

    /** Compares one object with what Paved applied, and re-applies it when it went missing or drifted. */
    public StepOutcome reconcile(String cluster, UUID environmentId, ObjectRef object, String manifest,
            String knownUid) {
        Optional<JsonNode> live = objects.get(cluster, object);
        if (live.isEmpty()) {
            String uid = objects.apply(cluster, object, manifest);
            return new StepOutcome("Re-created: it was missing.", uid,
                    new StepOutcome.Drift(DriftKind.MISSING, "deleted from the cluster", true));
        }
        if (!isOurs(live.get(), environmentId, knownUid)) {
            return new StepOutcome("Left alone: another owner replaced it.", null,
                    new StepOutcome.Drift(DriftKind.MODIFIED, "replaced by an object Paved does not manage", false));
        }
        Optional<String> difference = ManifestDiff.firstDifference(read(manifest), live.get());
        if (difference.isEmpty()) {
            return StepOutcome.done("In sync.");
        }
        String uid = objects.apply(cluster, object, manifest);
        return new StepOutcome("Re-applied: " + difference.get(), uid,
                new StepOutcome.Drift(DriftKind.MODIFIED, difference.get(), true));
    }

    /** Paved's own object: the very one it created (same uid), or one marked with the environment's id. */
    private static boolean isOurs(JsonNode object, UUID environmentId, String knownUid) {
        JsonNode metadata = object.path("metadata");
        if (knownUid != null && knownUid.equals(metadata.path("uid").asText(null))) {
            return true;
        }
        return Labels.PAVED.equals(metadata.path("labels").path(Labels.MANAGED_BY).asText(null))
                && environmentId.toString().equals(metadata.path("annotations").path(Labels.ENVIRONMENT_ID)
                        .asText(null));
    }

    private JsonNode read(String manifest) {
        try {
            return json.readTree(manifest);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("stored manifest is not JSON", e);
        }
    }
}
