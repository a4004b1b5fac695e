package dev.paved.provisioning.deployments.worker;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.paved.common.problem.ProblemException;
import dev.paved.provisioning.deployments.config.DeploymentsConfig;
import dev.paved.provisioning.deployments.domain.RenderSettings;
import dev.paved.provisioning.deployments.domain.Rollout;
import dev.paved.provisioning.deployments.domain.RolloutState;
import dev.paved.provisioning.deployments.kubernetes.RolloutReader;
import dev.paved.provisioning.deployments.persistence.DeploymentStore;
import dev.paved.provisioning.deployments.resources.PostgresDatabases;
import dev.paved.provisioning.kubernetes.KubernetesCallFailed;
import dev.paved.provisioning.kubernetes.KubernetesObjects;
import dev.paved.provisioning.kubernetes.Labels;
import dev.paved.provisioning.operations.domain.StepAction;
import dev.paved.provisioning.operations.domain.StepOutcome;
import dev.paved.provisioning.operations.domain.StepRun;
import dev.paved.provisioning.operations.worker.ActionExecutor;
import dev.paved.provisioning.operations.worker.StepFailed;
import dev.paved.provisioning.operations.worker.StepWaiting;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * The steps only deployments plan: a database and role provisioned for a workload (its credentials
 * in a Secret of the environment's namespace, the password kept across repeats of the step), dropped
 * again, and the wait for a rollout. Each is safe to repeat.
 */
@ApplicationScoped
public class WorkloadStepExecutor implements ActionExecutor {

    private final PostgresDatabases databases;
    private final KubernetesObjects objects;
    private final RolloutReader rollouts;
    private final DeploymentStore store;
    private final DeploymentsConfig config;
    private final ObjectMapper json;

    public WorkloadStepExecutor(PostgresDatabases databases, KubernetesObjects objects, RolloutReader rollouts,
            DeploymentStore store, DeploymentsConfig config, ObjectMapper json) {
        this.databases = databases;
        this.objects = objects;
        this.rollouts = rollouts;
        this.store = store;
        this.config = config;
        this.json = json;
    }

    @Override
    public Set<StepAction> actions() {
        return EnumSet.of(StepAction.PROVISION, StepAction.DEPROVISION, StepAction.AWAIT_ROLLOUT);
    }

    @Override
    public StepOutcome execute(StepRun step) {
        return switch (step.action()) {
            case PROVISION -> provision(step, claim(step));
            case DEPROVISION -> deprovision(step, claim(step));
            case AWAIT_ROLLOUT -> awaitRollout(step);
            default -> throw new IllegalArgumentException("not a workload step: " + step.action());
        };
    }

    private StepOutcome provision(StepRun step, JsonNode claim) {
        Optional<String> knownPassword = objects.get(step.cluster(), step.object())
                .map(secret -> secret.path("data").path("password").asText(null))
                .filter(encoded -> encoded != null)
                .map(encoded -> new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8));
        PostgresDatabases.Credentials credentials = guarded(step, () -> databases.ensure(
                claim.path("database").asText(), claim.path("role").asText(), knownPassword));
        ObjectNode secret = json.createObjectNode();
        secret.put("apiVersion", "v1");
        secret.put("kind", "Secret");
        ObjectNode metadata = secret.putObject("metadata");
        metadata.put("name", step.object().name());
        metadata.put("namespace", step.object().namespace());
        metadata.putObject("labels").put(Labels.MANAGED_BY, Labels.PAVED);
        metadata.putObject("annotations").put(Labels.ENVIRONMENT_ID, step.environmentId().toString());
        secret.put("type", "Opaque");
        ObjectNode data = secret.putObject("data");
        RenderSettings.postgresSecretData(credentials.host(), credentials.port(), credentials.database(),
                credentials.username(), credentials.password()).forEach((key, value) -> data.put(key,
                        Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        String uid = objects.apply(step.cluster(), step.object(), secret.toString());
        return new StepOutcome("Database '" + credentials.database() + "' and role '" + credentials.username()
                + "' ready; credentials in Secret " + step.object().name() + ".", uid, null);
    }

    private StepOutcome deprovision(StepRun step, JsonNode claim) {
        guarded(step, () -> {
            databases.drop(claim.path("database").asText(), claim.path("role").asText());
            return null;
        });
        Optional<JsonNode> secret = objects.get(step.cluster(), step.object());
        if (secret.isPresent() && step.environmentId().toString().equals(secret.get().path("metadata")
                .path("annotations").path(Labels.ENVIRONMENT_ID).asText(null))) {
            objects.delete(step.cluster(), step.object());
        }
        return StepOutcome.done("Database '" + claim.path("database").asText() + "' dropped (unless the provisioner"
                + " retains databases) and its Secret deleted.");
    }

    /**
     * Looks at the rollout once: done when it rolled out, failed when it failed, otherwise the
     * operation looks again after the configured interval. What it saw is recorded on the revision.
     */
    private StepOutcome awaitRollout(StepRun step) {
        Rollout rollout = rollouts.read(step.cluster(), step.object().namespace(), step.object().kind(),
                step.object().name());
        DeploymentStore.RolloutTarget target = QuarkusTransaction.requiringNew().call(() -> {
            DeploymentStore.RolloutTarget applied = store.rolloutTarget(step.operationId());
            store.updateRollout(applied.workloadId(), applied.number(), rollout);
            return applied;
        });
        if (rollout.state() == RolloutState.ROLLED_OUT) {
            return StepOutcome.done(rollout.message());
        }
        if (rollout.state() == RolloutState.FAILED) {
            throw new StepFailed(409, "ROLLOUT_FAILED", "The rollout of revision " + target.number() + " failed: "
                    + rollout.message());
        }
        throw new StepWaiting(rollout.message(), config.rolloutWaitInterval());
    }

    /** A provisioner's refusal fails the step for good; its server out of reach is retried. */
    private static <T> T guarded(StepRun step, java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (ProblemException problem) {
            if (problem.status() >= 500) {
                throw new KubernetesCallFailed(step.object(), problem.status(), true, problem.getMessage());
            }
            throw new StepFailed(problem.status(), problem.code(), problem.getMessage());
        }
    }

    private JsonNode claim(StepRun step) {
        try {
            return json.readTree(step.manifest());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a provisioning step's claim is not JSON", e);
        }
    }
}
