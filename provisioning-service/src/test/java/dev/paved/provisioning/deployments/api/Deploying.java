package dev.paved.provisioning.deployments.api;

import java.time.Duration;

import dev.paved.api.provisioning.v1.DeployRequest;
import dev.paved.api.provisioning.v1.DeployResponse;
import dev.paved.api.provisioning.v1.GetRevisionRequest;
import dev.paved.api.provisioning.v1.Operation;
import dev.paved.api.provisioning.v1.OperationState;
import dev.paved.api.provisioning.v1.Revision;
import dev.paved.api.provisioning.v1.RolloutState;
import dev.paved.provisioning.Awaiting;
import dev.paved.provisioning.GrpcClients;
import dev.paved.provisioning.Provisioning;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;

/** What deployment tests do: a ready environment, native specs, deploying and waiting. */
final class Deploying {

    private Deploying() {
    }

    /** A ready dev environment of a fresh application of {@code team}; answers its name. */
    static String readyEnvironment(String team, String stage) {
        return readyEnvironment(team, Provisioning.freshApplication(), stage);
    }

    static String readyEnvironment(String team, String application, String stage) {
        Operation created = Provisioning.create(Provisioning.member(team), team, application, stage);
        Operation done = Provisioning.awaitFinal(created.getId());
        if (done.getState() != OperationState.OPERATION_STATE_SUCCEEDED) {
            throw new AssertionError("environment not ready: " + done);
        }
        return application + "-" + stage;
    }

    /** A web service that every guardrail of a non-production stage lets through. */
    static String webService(String name, String image) {
        return """
                {"name": "%s", "goldenPath": "web-service", "image": "%s", "replicas": 2,
                 "ports": [{"name": "http", "port": 8080}],
                 "variables": {"GREETING": "hello from ${metadata.name}"},
                 "resources": {"requests": {"cpu": "100m", "memory": "128Mi"},
                               "limits": {"cpu": "250m", "memory": "256Mi"}},
                 "livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080}},
                 "readinessProbe": {"httpGet": {"path": "/ready", "port": 8080}}}
                """.formatted(name, image);
    }

    static DeployResponse deploy(String token, String environment, String specJson) {
        return GrpcClients.deployments(token).deploy(DeployRequest.newBuilder().setEnvironment(environment)
                .setSpecJson(specJson).build());
    }

    static Revision revision(String environment, String workload, long number) {
        return GrpcClients.deployments(Provisioning.ADMIN).getRevision(GetRevisionRequest.newBuilder()
                .setEnvironment(environment).setWorkload(workload).setRevision(number).build());
    }

    static Revision awaitRollout(String environment, String workload, long number, RolloutState state) {
        return Awaiting.until(Duration.ofSeconds(30), () -> revision(environment, workload, number),
                revision -> revision.getRollout().getState() == state);
    }

    /** Writes the status a Deployment controller writes once every replica of the new template is available. */
    static void rollOut(KubernetesClient cluster, String environment, String name, int replicas) {
        Deployment deployment = cluster.apps().deployments().inNamespace(environment).withName(name).get();
        deployment.getSpec().setReplicas(replicas);
        deployment = cluster.apps().deployments().inNamespace(environment).resource(deployment).update();
        deployment.setStatus(new DeploymentStatusBuilder().withObservedGeneration(deployment.getMetadata()
                .getGeneration()).withReplicas(replicas).withUpdatedReplicas(replicas).withReadyReplicas(replicas)
                .withAvailableReplicas(replicas).addNewCondition().withType("Progressing").withStatus("True")
                .withReason("NewReplicaSetAvailable").endCondition().build());
        cluster.apps().deployments().inNamespace(environment).resource(deployment).updateStatus();
    }

    /** Writes the status a Deployment controller writes when the new template misses its progress deadline. */
    static void exceedProgressDeadline(KubernetesClient cluster, String environment, String name) {
        Deployment deployment = cluster.apps().deployments().inNamespace(environment).withName(name).get();
        deployment.setStatus(new DeploymentStatusBuilder().withObservedGeneration(deployment.getMetadata()
                .getGeneration()).withReplicas(2).withUpdatedReplicas(1).addNewCondition().withType("Progressing")
                .withStatus("False").withReason("ProgressDeadlineExceeded")
                .withMessage("ReplicaSet \"" + name + "-1\" has timed out progressing.").endCondition().build());
        cluster.apps().deployments().inNamespace(environment).resource(deployment).updateStatus();
    }
}
