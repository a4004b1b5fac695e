package dev.paved.provisioning.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.paved.api.provisioning.v1.DeleteEnvironmentRequest;
import dev.paved.api.provisioning.v1.DeleteWorkloadRequest;
import dev.paved.api.provisioning.v1.DeployRequest;
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

    KubernetesApiDouble api;

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
        // The rollout tracker lists the namespace's CronJobs once the CronJob is applied: wait for that round.
        Awaiting.until(Duration.ofSeconds(30), () -> GrpcClients.deployments(token).getWorkload(
                GetWorkloadRequest.newBuilder().setEnvironment(environment).setWorkload("nightly").build()),
                workload -> workload.getRollout().getState() == RolloutState.ROLLOUT_STATE_ROLLED_OUT);
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
