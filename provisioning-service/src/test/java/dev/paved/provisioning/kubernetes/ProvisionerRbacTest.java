package dev.paved.provisioning.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.paved.api.provisioning.v1.DeleteEnvironmentRequest;
import dev.paved.api.provisioning.v1.DeleteWorkloadRequest;
import dev.paved.api.provisioning.v1.DeployRequest;
import dev.paved.api.provisioning.v1.GetRevisionRequest;
import dev.paved.api.provisioning.v1.GetWorkloadRequest;
import dev.paved.api.provisioning.v1.ListWorkloadsRequest;
import dev.paved.api.provisioning.v1.Operation;
import dev.paved.api.provisioning.v1.OperationState;
import dev.paved.api.provisioning.v1.ReconcileEnvironmentRequest;
import dev.paved.api.provisioning.v1.RolloutState;
import dev.paved.provisioning.Awaiting;
import dev.paved.provisioning.GrpcClients;
import dev.paved.provisioning.Provisioning;
import dev.paved.testing.OidcTestResource;
import dev.paved.testing.PostgresTestResource;
import dev.paved.testing.kubernetes.ApiAccess;
import dev.paved.testing.kubernetes.ClusterRoleRules;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * The ClusterRole provisioning-service runs with in production ({@code paved-provisioner} in
 * k8s/base/rbac.yaml) against what the service asks of the Kubernetes API over an environment's
 * whole life: created, a workload of every golden path deployed with every resource type that
 * renders an object of its own, read, dry-run, reconciled, a workload deleted, the environment
 * deleted. Every request must be allowed, and every grant must be used.
 */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KubernetesApiResource.class, restrictToAnnotatedClass = false)
class ProvisionerRbacTest {

    private static final String IMAGE = "registry.example.com/payments/shop:2.0.1";
    private static final String TEAM = "payments";

    private static final ObjectMapper JSON = new ObjectMapper();

    KubernetesApiDouble api;
    KubernetesClient cluster;
    private final KubernetesSerialization serialization = new KubernetesSerialization();

    @Test
    void theProvisionerRoleAllowsEveryRequestOfAnEnvironmentsLifeAndGrantsNothingUnused() {
        String token = Provisioning.member(TEAM);
        String application = Provisioning.freshApplication();
        String environment = application + "-dev";
        succeeded(Provisioning.create(token, TEAM, application, "dev"));

        succeeded(deploy(token, environment, """
                {"name": "shop", "goldenPath": "web-service", "image": "%s", "replicas": 2,
                 "ports": [{"name": "http", "port": 8080}],
                 "variables": {"DB_HOST": "${resources.db.host}"},
                 "files": [{"path": "/etc/shop/shop.conf", "content": "mode=strict"}],
                 "volumes": [{"path": "/var/lib/shop", "source": "${resources.data}"}],
                 "resources": {"requests": {"cpu": "100m", "memory": "128Mi"},
                               "limits": {"cpu": "250m", "memory": "256Mi"}},
                 "livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080}},
                 "readinessProbe": {"httpGet": {"path": "/ready", "port": 8080}},
                 "parameters": {"autoscaling": true},
                 "provisions": {"db": {"type": "postgres"}, "web": {"type": "route"},
                                "data": {"type": "volume", "params": {"size": "1Gi"}}}}
                """.formatted(IMAGE), false));
        succeeded(deploy(token, environment, """
                {"name": "queue", "goldenPath": "worker", "image": "%s",
                 "resources": {"requests": {"cpu": "100m", "memory": "128Mi"},
                               "limits": {"cpu": "250m", "memory": "256Mi"}}}
                """.formatted(IMAGE), false));
        succeeded(deploy(token, environment, """
                {"name": "nightly", "goldenPath": "cron-job", "image": "%s",
                 "parameters": {"schedule": "@daily"},
                 "resources": {"requests": {"cpu": "100m", "memory": "128Mi"},
                               "limits": {"cpu": "250m", "memory": "256Mi"}}}
                """.formatted(IMAGE), false));

        GrpcClients.deployments(token).listWorkloads(ListWorkloadsRequest.newBuilder().setEnvironment(environment)
                .build());
        // The rollout tracker lists the namespace's CronJobs once the CronJob is applied, and the
        // ReplicaSets and pods once a Deployment controller has caught up: act as that controller for
        // the web service, and wait for the tracker's rounds.
        Set<KubernetesApiDouble.Call> controllerCalls = rollOut(environment, "shop");
        for (String workload : List.of("nightly", "shop")) {
            Awaiting.until(Duration.ofSeconds(30), () -> GrpcClients.deployments(token).getWorkload(
                    GetWorkloadRequest.newBuilder().setEnvironment(environment).setWorkload(workload).build()),
                    found -> found.getRollout().getState() == RolloutState.ROLLOUT_STATE_ROLLED_OUT);
        }
        deploy(token, environment, """
                {"name": "queue", "goldenPath": "worker", "image": "%s", "replicas": 3,
                 "resources": {"requests": {"cpu": "100m", "memory": "128Mi"},
                               "limits": {"cpu": "250m", "memory": "256Mi"}}}
                """.formatted(IMAGE), true);
        succeeded(GrpcClients.environments(token).reconcileEnvironment(ReconcileEnvironmentRequest.newBuilder()
                .setName(environment).build()));
        succeeded(GrpcClients.deployments(token).deleteWorkload(DeleteWorkloadRequest.newBuilder()
                .setEnvironment(environment).setWorkload("shop").build()));
        succeeded(GrpcClients.environments(token).deleteEnvironment(DeleteEnvironmentRequest.newBuilder()
                .setName(environment).build()));

        ClusterRoleRules provisioner = ClusterRoleRules.named("paved-provisioner");
        List<ApiAccess> used = api.calls().stream().filter(call -> concerns(call.path(), environment))
                .filter(call -> !controllerCalls.contains(call))
                .flatMap(call -> ApiAccess.of(call.method(), call.path(), call.contentType()).stream()).toList();
        List<String> refused = used.stream().filter(access -> !provisioner.allows(access)).map(ApiAccess::toString)
                .distinct().toList();
        assertEquals(List.of(), refused, "requests paved-provisioner does not allow");

        Set<String> usedForAnyObject = new TreeSet<>();
        used.forEach(access -> usedForAnyObject.add(access.anyObject().toString()));
        assertEquals(provisioner.grantedForAnyObject(), usedForAnyObject, "what paved-provisioner grants");

        // The team's RoleBinding names the stage's ClusterRole, which the role must let it bind.
        String boundRole = ConfigProvider.getConfig().getValue("paved.provisioning.stages.dev.cluster-role",
                String.class);
        assertTrue(provisioner.allows(new ApiAccess("rbac.authorization.k8s.io", "clusterroles", "bind",
                Optional.of(boundRole))), "may bind the team to " + boundRole);
    }

    /**
     * What the Deployment controller writes once the workload's current template is rolled out: its
     * ReplicaSet, and the Deployment's status. Answers the requests this made, which are not the service's.
     */
    private Set<KubernetesApiDouble.Call> rollOut(String namespace, String workload) {
        int before = api.calls().size();
        JsonNode deployment = GrpcClients.deployments(Provisioning.ADMIN).getRevision(GetRevisionRequest.newBuilder()
                .setEnvironment(namespace).setWorkload(workload).setRevision(1).build()).getManifestsList().stream()
                .map(ProvisionerRbacTest::json).filter(manifest -> manifest.path("kind").asText().equals("Deployment"))
                .findFirst().orElseThrow();
        ObjectNode template = deployment.path("spec").path("template").deepCopy();
        ((ObjectNode) template.path("metadata").path("labels")).put("pod-template-hash", "1");
        ObjectNode replicaSet = JSON.createObjectNode();
        replicaSet.put("apiVersion", "apps/v1").put("kind", "ReplicaSet");
        replicaSet.putObject("metadata").put("name", workload + "-1").put("namespace", namespace)
                .set("labels", template.path("metadata").path("labels"));
        replicaSet.putObject("spec").put("replicas", 2).set("template", template);
        ((ObjectNode) replicaSet.path("spec")).putObject("selector").set("matchLabels",
                deployment.path("spec").path("selector").path("matchLabels"));
        cluster.apps().replicaSets().inNamespace(namespace).resource(serialization.unmarshal(replicaSet.toString(),
                ReplicaSet.class)).create();
        cluster.apps().deployments().inNamespace(namespace).withName(workload).subresource("status").patch(
                PatchContext.of(PatchType.JSON_MERGE), """
                {"status": {"observedGeneration": %d, "replicas": 2, "updatedReplicas": 2, "readyReplicas": 2,
                            "availableReplicas": 2}}
                """.formatted(cluster.apps().deployments().inNamespace(namespace).withName(workload).get()
                        .getMetadata().getGeneration()));
        // Meanwhile the tracker may list, and nothing else runs: the calls to these paths are the ones made here.
        String objects = "/apis/apps/v1/namespaces/" + namespace + "/";
        List<KubernetesApiDouble.Call> calls = api.calls();
        Set<KubernetesApiDouble.Call> own = Collections.newSetFromMap(new IdentityHashMap<>());
        calls.subList(before, calls.size()).stream().filter(call -> call.path().startsWith(objects + "replicasets")
                || call.path().startsWith(objects + "deployments/" + workload)).forEach(own::add);
        return own;
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(text, e);
        }
    }

    private static Operation deploy(String token, String environment, String spec, boolean dryRun) {
        return GrpcClients.deployments(token).deploy(DeployRequest.newBuilder().setEnvironment(environment)
                .setSpecJson(spec).setDryRun(dryRun).build()).getOperation();
    }

    private static void succeeded(Operation accepted) {
        Operation done = Provisioning.awaitFinal(accepted.getId());
        assertEquals(OperationState.OPERATION_STATE_SUCCEEDED, done.getState(), done.toString());
    }

    /** A request about the environment's namespace or something in it. */
    private static boolean concerns(String path, String namespace) {
        String withoutQuery = path.split("\\?", 2)[0];
        return withoutQuery.endsWith("/namespaces/" + namespace) || withoutQuery.contains("/namespaces/" + namespace + "/");
    }
}
