package dev.paved.provisioning.deployments.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.client.utils.Serialization;

class DeploymentRendererTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String MINIMAL = "{\"name\": \"api\", \"image\": \"ghcr.io/acme/api:1.4.2\"%s}";

    private static WorkloadSpec minimal(String more) {
        return Fixtures.spec(MINIMAL.formatted(more));
    }

    private static <T extends HasMetadata> T typed(ObjectNode manifest, Class<T> type) {
        return Serialization.unmarshal(manifest.toString(), type);
    }

    private static <T extends HasMetadata> List<T> all(Rendering rendering, Class<T> type) {
        String kind = type.getSimpleName();
        return rendering.manifests().stream().filter(manifest -> manifest.path("kind").asText().equals(kind))
                .map(manifest -> typed(manifest, type)).toList();
    }

    private static <T extends HasMetadata> T one(Rendering rendering, Class<T> type) {
        List<T> objects = all(rendering, type);
        assertEquals(1, objects.size(), type.getSimpleName() + " in " + kinds(rendering));
        return objects.get(0);
    }

    private static List<String> kinds(Rendering rendering) {
        return rendering.manifests().stream().map(manifest -> manifest.path("kind").asText()).toList();
    }

    private static PodTemplateSpec pod(Rendering rendering) {
        return all(rendering, Deployment.class).stream().map(deployment -> deployment.getSpec().getTemplate())
                .findFirst().orElseGet(() -> one(rendering, CronJob.class).getSpec().getJobTemplate().getSpec()
                        .getTemplate());
    }

    private static Optional<EnvVar> env(Container container, String name) {
        return container.getEnv().stream().filter(env -> env.getName().equals(name)).findFirst();
    }

    @Test
    void nativeSpecAndScoreFileRenderTheSameObjects() throws Exception {
        ObjectNode nativeSpec = (ObjectNode) JSON.readTree(Fixtures.NATIVE);
        nativeSpec.remove("secretRefs");

        Rendering fromNative = Fixtures.render(Fixtures.spec(nativeSpec.toString()), "web-service");
        Rendering fromScore = Fixtures.render(Fixtures.scoreSpec(), "web-service");

        assertEquals(fromNative.manifests(), fromScore.manifests());
        assertEquals(fromNative.digest(), fromScore.digest());
        assertEquals(fromNative.provisioned(), fromScore.provisioned());
    }

    @ParameterizedTest
    @ValueSource(strings = {"web-service", "worker", "cron-job"})
    void everyBuiltInGoldenPathRendersValidHardenedObjects(String goldenPath) {
        WorkloadSpec spec = minimal(", \"ports\": [{\"name\": \"http\", \"port\": 8080}], "
                + "\"parameters\": " + (goldenPath.equals("cron-job") ? "{\"schedule\": \"*/5 * * * *\"}" : "{}"));

        Rendering rendering = Fixtures.render(spec, goldenPath);

        for (ObjectNode manifest : rendering.manifests()) {
            HasMetadata object = Serialization.unmarshal(manifest.toString());
            assertEquals("shop-dev", object.getMetadata().getNamespace(), object.getKind());
            Map<String, String> labels = object.getMetadata().getLabels();
            assertEquals("paved", labels.get("app.kubernetes.io/managed-by"), object.getKind());
            assertEquals("api", labels.get("app.kubernetes.io/name"));
            assertEquals("api-shop-dev", labels.get("app.kubernetes.io/instance"));
            assertEquals("shop", labels.get("app.kubernetes.io/part-of"));
            assertEquals("1.4.2", labels.get("app.kubernetes.io/version"));
            assertEquals("shop", labels.get("app.kubernetes.io/component"));
            assertEquals("shop-dev", labels.get("paved.dev/environment"));
            assertEquals("payments", labels.get("paved.dev/team"));
            assertEquals("api", labels.get("paved.dev/workload"));
        }
        PodSpec pod = pod(rendering).getSpec();
        assertEquals("workload", pod.getServiceAccountName());
        assertFalse(pod.getAutomountServiceAccountToken());
        assertTrue(pod.getSecurityContext().getRunAsNonRoot());
        assertEquals("RuntimeDefault", pod.getSecurityContext().getSeccompProfile().getType());
        Container container = pod.getContainers().get(0);
        assertFalse(container.getSecurityContext().getAllowPrivilegeEscalation());
        assertTrue(container.getSecurityContext().getReadOnlyRootFilesystem());
        assertEquals(List.of("ALL"), container.getSecurityContext().getCapabilities().getDrop());
        assertEquals("/tmp", container.getVolumeMounts().get(0).getMountPath());
        assertTrue(pod.getVolumes().stream().anyMatch(volume -> volume.getName().equals(
                container.getVolumeMounts().get(0).getName()) && volume.getEmptyDir() != null));
        assertEquals("true", pod(rendering).getMetadata().getAnnotations().get("prometheus.io/scrape"));
        assertEquals("8080", pod(rendering).getMetadata().getAnnotations().get("prometheus.io/port"));
    }

    @Test
    void webServiceRendersServiceDeploymentAutoscalerAndBudgetInApplyOrder() {
        Rendering rendering = Fixtures.render(Fixtures.nativeSpec(), "web-service");

        assertEquals(List.of("ConfigMap", "ConfigMap", "PersistentVolumeClaim", "Service", "Deployment",
                "HorizontalPodAutoscaler", "PodDisruptionBudget", "Ingress"), kinds(rendering));
        Service service = one(rendering, Service.class);
        assertEquals(80, service.getSpec().getPorts().get(0).getPort());
        assertEquals(8080, service.getSpec().getPorts().get(0).getTargetPort().getIntVal());
        assertEquals(Map.of("paved.dev/workload", "api", "app.kubernetes.io/managed-by", "paved"),
                service.getSpec().getSelector());
        assertEquals("policy/v1", one(rendering, PodDisruptionBudget.class).getApiVersion());
        assertEquals(1, one(rendering, PodDisruptionBudget.class).getSpec().getMaxUnavailable().getIntVal());
    }

    @Test
    void anAutoscaledDeploymentLeavesItsReplicasToTheAutoscaler() {
        Rendering rendering = Fixtures.render(minimal(", \"replicas\": 3, \"ports\": [{\"port\": 80}]"),
                "web-service");

        assertNull(one(rendering, Deployment.class).getSpec().getReplicas());
        assertFalse(rendering.manifests().stream().filter(m -> m.path("kind").asText().equals("Deployment"))
                .anyMatch(m -> m.at("/spec").has("replicas")));
        HorizontalPodAutoscaler autoscaler = one(rendering, HorizontalPodAutoscaler.class);
        assertEquals("autoscaling/v2", autoscaler.getApiVersion());
        assertEquals(3, autoscaler.getSpec().getMinReplicas());
        assertEquals(5, autoscaler.getSpec().getMaxReplicas());
        assertEquals("api", autoscaler.getSpec().getScaleTargetRef().getName());
        assertEquals(75, autoscaler.getSpec().getMetrics().get(0).getResource().getTarget().getAverageUtilization());
    }

    @Test
    void withoutAutoscalingTheDeploymentRunsItsReplicaCount() {
        Rendering rendering = Fixtures.render(minimal(", \"replicas\": 3, \"parameters\": {\"autoscaling\": false}"),
                "worker");

        assertEquals(3, one(rendering, Deployment.class).getSpec().getReplicas());
        assertTrue(all(rendering, HorizontalPodAutoscaler.class).isEmpty());
        assertTrue(all(rendering, Service.class).isEmpty(), "a worker has no Service");
    }

    @Test
    void postgresOutputsAreSecretReferencesAndNeverPlainValues() {
        Rendering rendering = Fixtures.render(Fixtures.nativeSpec(), "web-service");

        Container container = pod(rendering).getSpec().getContainers().get(0);
        EnvVar host = env(container, "DB_HOST").orElseThrow();
        assertNull(host.getValue());
        assertEquals("api-db", host.getValueFrom().getSecretKeyRef().getName());
        assertEquals("host", host.getValueFrom().getSecretKeyRef().getKey());
        assertEquals("postgres://$(PAVED_DB_USERNAME):$(PAVED_DB_PASSWORD)@$(PAVED_DB_HOST):$(PAVED_DB_PORT)/"
                + "$(PAVED_DB_DATABASE)", env(container, "DB_URL").orElseThrow().getValue());
        assertEquals("password", env(container, "PAVED_DB_PASSWORD").orElseThrow().getValueFrom().getSecretKeyRef()
                .getKey());
        assertTrue(container.getEnv().indexOf(env(container, "PAVED_DB_PASSWORD").orElseThrow())
                < container.getEnv().indexOf(env(container, "DB_URL").orElseThrow()),
                "a variable is defined before the one that expands it");
        assertEquals(List.of("--name", "api", "--db-password", "$(PAVED_DB_PASSWORD)"), container.getArgs());
        assertEquals("primary", env(container, "API_KEY").orElseThrow().getValueFrom().getSecretKeyRef().getKey());

        String everything = rendering.manifests().toString();
        assertFalse(everything.contains("postgres.paved-system.svc"), "the server's host is in the Secret only");
        assertFalse(everything.contains("shop_dev_api_db"), "the database's name is in the Secret only");
        assertFalse(Fixtures.nativeSpec().toJson().toString().contains("postgres.paved-system.svc"));
        assertEquals(List.of(new ProvisionedResource("db", "postgres", "api-db", "shop_dev_api_db", "shop_dev_api_db")),
                rendering.provisioned());
    }

    @Test
    void thePostgresSecretHoldsEveryOutput() {
        Map<String, String> data = RenderSettings.postgresSecretData("postgres.paved-system.svc", 5432,
                "shop_dev_api_db", "shop_dev_api_db", "s3cret");

        assertEquals(ResourceType.POSTGRES.outputs(), List.copyOf(data.keySet()));
        assertEquals("postgres.paved-system.svc", data.get("host"));
        assertEquals("5432", data.get("port"));
        assertEquals("shop_dev_api_db", data.get("username"));
    }

    @Test
    void plainVariablesAndFilesGoThroughConfigMapsWithPlainOutputsFilledIn() {
        Rendering rendering = Fixtures.render(Fixtures.nativeSpec(), "web-service");

        List<ConfigMap> configMaps = all(rendering, ConfigMap.class);
        ConfigMap env = configMaps.stream().filter(c -> c.getMetadata().getName().startsWith("api-env-")).findFirst()
                .orElseThrow();
        assertEquals(Map.of("GREETING", "hello api in slow", "LITERAL", "${not.a.placeholder}",
                "PUBLIC_URL", "http://api.shop-dev.apps.localtest.me"), env.getData());
        assertTrue(env.getImmutable());
        ConfigMap files = configMaps.stream().filter(c -> c.getMetadata().getName().startsWith("api-files-"))
                .findFirst().orElseThrow();
        assertEquals(Map.of("etc_api_config.yaml", "name: api\nhost: api.shop-dev.apps.localtest.me\n"),
                files.getData());
        PodSpec pod = pod(rendering).getSpec();
        Container container = pod.getContainers().get(0);
        assertEquals(env.getMetadata().getName(), container.getEnvFrom().get(0).getConfigMapRef().getName());
        assertTrue(container.getVolumeMounts().stream().anyMatch(mount -> mount.getMountPath()
                .equals("/etc/api/config.yaml") && mount.getSubPath().equals("etc_api_config.yaml")));
        assertTrue(pod.getVolumes().stream().anyMatch(volume -> volume.getConfigMap() != null
                && volume.getConfigMap().getName().equals(files.getMetadata().getName())
                && volume.getConfigMap().getItems().get(0).getMode() == 0640));
    }

    @Test
    void aChangedVariableOrFileRenamesItsConfigMapSoPodsRoll() {
        String same = configMapNames(minimal(", \"variables\": {\"A\": \"1\"}, "
                + "\"files\": [{\"path\": \"/etc/x\", \"content\": \"x\"}]"));

        assertEquals(same, configMapNames(minimal(", \"variables\": {\"A\": \"1\"}, "
                + "\"files\": [{\"path\": \"/etc/x\", \"content\": \"x\"}]")));
        assertNotEquals(same, configMapNames(minimal(", \"variables\": {\"A\": \"2\"}, "
                + "\"files\": [{\"path\": \"/etc/x\", \"content\": \"x\"}]")));
        assertNotEquals(same, configMapNames(minimal(", \"variables\": {\"A\": \"1\"}, "
                + "\"files\": [{\"path\": \"/etc/x\", \"content\": \"y\"}]")));
    }

    private static String configMapNames(WorkloadSpec spec) {
        return all(Fixtures.render(spec, "worker"), ConfigMap.class).stream()
                .map(configMap -> configMap.getMetadata().getName()).toList().toString();
    }

    @Test
    void resourcesRenderTheirObjects() {
        Rendering rendering = Fixtures.render(Fixtures.nativeSpec(), "web-service");

        Ingress ingress = one(rendering, Ingress.class);
        assertEquals("api-web", ingress.getMetadata().getName());
        assertEquals("api.shop-dev.apps.localtest.me", ingress.getSpec().getRules().get(0).getHost());
        assertEquals(80, ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService()
                .getPort().getNumber());
        PersistentVolumeClaim claim = one(rendering, PersistentVolumeClaim.class);
        assertEquals("api-data", claim.getMetadata().getName());
        assertEquals("1Gi", claim.getSpec().getResources().getRequests().get("storage").toString());
        assertEquals("standard", claim.getSpec().getStorageClassName());
        PodSpec pod = pod(rendering).getSpec();
        assertTrue(pod.getVolumes().stream().anyMatch(volume -> volume.getName().equals("data")
                && volume.getPersistentVolumeClaim().getClaimName().equals("api-data")));
        assertTrue(pod.getContainers().get(0).getVolumeMounts().stream()
                .anyMatch(mount -> mount.getName().equals("data") && mount.getMountPath().equals("/data")));
    }

    @Test
    void routeAndDnsHostsComeFromParamsOrTheDomainPatterns() {
        Rendering rendering = Fixtures.render(minimal(", \"ports\": [{\"port\": 8080}], "
                + "\"variables\": {\"PUBLIC\": \"${resources.web.url}\", \"INTERNAL\": \"${resources.name.host}\"}, "
                + "\"provisions\": {\"web\": {\"type\": \"route\", \"params\": {\"host\": \"${metadata.name}.example.com\", "
                + "\"path\": \"/shop\"}}, \"name\": {\"type\": \"dns\"}, \"scratch\": {\"type\": \"volume\"}}"),
                "web-service");

        assertEquals("api.example.com", one(rendering, Ingress.class).getSpec().getRules().get(0).getHost());
        assertEquals(Map.of("PUBLIC", "http://api.example.com/shop",
                "INTERNAL", "name.api.shop-dev.paved.localtest.me"), one(rendering, ConfigMap.class).getData());
        assertTrue(pod(rendering).getSpec().getVolumes().stream()
                .anyMatch(volume -> volume.getName().equals("scratch") && volume.getEmptyDir() != null));
        assertTrue(all(rendering, PersistentVolumeClaim.class).isEmpty());
    }

    @Test
    void theWebServiceIngressParameterRendersAnIngressToTheFirstPort() {
        Rendering rendering = Fixtures.render(minimal(", \"ports\": [{\"port\": 8080}], "
                + "\"parameters\": {\"ingress\": {\"enabled\": true}}"), "web-service");

        Ingress ingress = one(rendering, Ingress.class);
        assertEquals("api.shop-dev.apps.localtest.me", ingress.getSpec().getRules().get(0).getHost());
        assertEquals("nginx", ingress.getSpec().getIngressClassName());
        assertEquals(8080, ingress.getSpec().getRules().get(0).getHttp().getPaths().get(0).getBackend().getService()
                .getPort().getNumber());
    }

    @Test
    void annotationsOfTheSpecGoOnTheWorkloadAndItsPods() {
        Rendering rendering = Fixtures.render(Fixtures.nativeSpec(), "web-service");

        assertEquals("slow", one(rendering, Deployment.class).getMetadata().getAnnotations().get("paved.dev/simulate"));
        assertEquals("slow", pod(rendering).getMetadata().getAnnotations().get("paved.dev/simulate"));
        assertNull(one(rendering, Service.class).getMetadata().getAnnotations().get("paved.dev/simulate"));
    }

    @Test
    void podsSpreadOverZonesOnlyWhenThereIsMoreThanOne() {
        PodSpec many = pod(Fixtures.render(minimal(", \"replicas\": 2, \"parameters\": {\"autoscaling\": false}"),
                "worker")).getSpec();
        PodSpec single = pod(Fixtures.render(minimal(", \"replicas\": 1, \"parameters\": {\"autoscaling\": false}"),
                "worker")).getSpec();

        assertEquals("topology.kubernetes.io/zone", many.getTopologySpreadConstraints().get(0).getTopologyKey());
        assertEquals(Map.of("paved.dev/workload", "api", "app.kubernetes.io/managed-by", "paved"),
                many.getTopologySpreadConstraints().get(0).getLabelSelector().getMatchLabels());
        assertTrue(single.getTopologySpreadConstraints().isEmpty());
    }

    @Test
    void cronJobRunsTheHardenedPodOnItsSchedule() {
        Rendering rendering = Fixtures.render(minimal(", \"parameters\": {\"schedule\": \"0 3 * * *\", "
                + "\"timeZone\": \"Europe/Berlin\"}, \"annotations\": {\"paved.dev/simulate\": \"crash-loop\"}"),
                "cron-job");

        CronJob cronJob = one(rendering, CronJob.class);
        assertEquals(List.of("CronJob"), kinds(rendering));
        assertEquals("0 3 * * *", cronJob.getSpec().getSchedule());
        assertEquals("Europe/Berlin", cronJob.getSpec().getTimeZone());
        assertEquals("Forbid", cronJob.getSpec().getConcurrencyPolicy());
        assertEquals("OnFailure", cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec()
                .getRestartPolicy());
        assertEquals("crash-loop", cronJob.getMetadata().getAnnotations().get("paved.dev/simulate"));
    }

    @Test
    void probesAndResourcesReachTheContainer() {
        Container container = pod(Fixtures.render(Fixtures.nativeSpec(), "web-service")).getSpec().getContainers()
                .get(0);

        assertEquals("/healthz", container.getLivenessProbe().getHttpGet().getPath());
        assertEquals(8080, container.getLivenessProbe().getHttpGet().getPort().getIntVal());
        assertEquals("http", container.getReadinessProbe().getHttpGet().getPort().getStrVal());
        assertEquals("250m", container.getResources().getRequests().get("cpu").toString());
        assertEquals("512Mi", container.getResources().getLimits().get("memory").toString());
    }

    @Test
    void parametersFailingTheSchemaPointIntoParameters() {
        ProblemException problem = assertThrows(ProblemException.class, () -> Fixtures.render(
                minimal(", \"parameters\": {\"maxReplicas\": 0, \"ingress\": {\"host\": 5}}"), "web-service"));

        assertEquals("INVALID_PARAMETERS", problem.code());
        assertEquals(List.of("/parameters/ingress/host", "/parameters/maxReplicas"),
                problem.errors().stream().map(Violation::pointer).toList());
    }

    @Test
    void moreReplicasThanTheAutoscalerMayRunAreRefused() {
        ProblemException problem = assertThrows(ProblemException.class, () -> Fixtures.render(
                minimal(", \"replicas\": 9, \"parameters\": {\"maxReplicas\": 4}"), "worker"));

        assertEquals(List.of("/replicas"), problem.errors().stream().map(Violation::pointer).toList());
    }

    @Test
    void aRouteNeedsAGoldenPathWithAService() {
        ProblemException problem = assertThrows(ProblemException.class, () -> Fixtures.render(minimal(
                ", \"ports\": [{\"port\": 80}], \"provisions\": {\"web\": {\"type\": \"route\"}}"), "worker"));

        assertEquals(List.of("/provisions/web/type"), problem.errors().stream().map(Violation::pointer).toList());
    }

    @Test
    void aWebServiceNeedsAPort() {
        ProblemException problem = assertThrows(ProblemException.class,
                () -> Fixtures.render(minimal(""), "web-service"));

        assertEquals(List.of("/ports"), problem.errors().stream().map(Violation::pointer).toList());
    }

    @Test
    void theDigestIsStableAndFollowsTheContent() {
        String digest = Fixtures.render(Fixtures.nativeSpec(), "web-service").digest();

        assertTrue(digest.matches("sha256:[0-9a-f]{64}"), digest);
        assertEquals(digest, Fixtures.render(WorkloadSpec.fromJson(Fixtures.nativeSpec().toJson()), "web-service")
                .digest());
        assertNotEquals(digest, Fixtures.render(Fixtures.nativeSpec().withImages(Map.of("main",
                "ghcr.io/acme/api:1.4.3")), "web-service").digest());
    }

    @Test
    void longNamesAreCutToValidLabelsAndDatabaseNames() {
        String longName = "a" + "b".repeat(60);
        Rendering rendering = Fixtures.render(Fixtures.spec("{\"name\": \"" + longName + "\", \"image\": "
                + "\"nginx:1.27.0\", \"provisions\": {\"database-of-orders\": {\"type\": \"postgres\"}}}"), "worker");

        ProvisionedResource claim = rendering.provisioned().get(0);
        assertTrue(claim.secretName().length() <= 63, claim.secretName());
        assertTrue(claim.database().length() <= 63 && claim.database().matches("[a-z][a-z0-9_]*"), claim.database());
        assertTrue(one(rendering, Deployment.class).getMetadata().getLabels().get("app.kubernetes.io/instance")
                .length() <= 63);
    }
}
