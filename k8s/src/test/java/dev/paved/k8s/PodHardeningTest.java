package dev.paved.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.Deployment;

/** Every container of every service, in every overlay: hardened, probed, sized, configured, stopping gracefully. */
class PodHardeningTest {

    /** The services that talk to Kubernetes, and so mount their service account's token. */
    private static final Set<String> KUBERNETES_CLIENTS = Set.of("provisioning-service", "observability-service");
    private static final Set<String> DATABASE_USERS = Set.of("catalog-service", "provisioning-service");
    /** Seconds a pod needs beyond the service's own shutdown (delay + timeout) to exit: the JVM's last steps. */
    private static final long EXIT_MARGIN_SECONDS = 5;

    static Stream<Arguments> services() {
        return Manifests.overlays().stream()
                .flatMap(overlay -> Manifests.SERVICES.stream().map(service -> Arguments.of(overlay, service)));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("services")
    void everyContainerRunsHardened(String overlay, String service) {
        PodSpec pod = pod(overlay, service);
        PodSecurityContext podSecurity = Optional.ofNullable(pod.getSecurityContext()).orElseGet(PodSecurityContext::new);

        for (Container container : containers(pod)) {
            String what = overlay + ": " + service + "/" + container.getName();
            SecurityContext security = container.getSecurityContext();
            assertNotNull(security, what + " has a securityContext");
            assertTrue(Boolean.TRUE.equals(security.getRunAsNonRoot())
                    || security.getRunAsNonRoot() == null && Boolean.TRUE.equals(podSecurity.getRunAsNonRoot()),
                    what + " runs as non-root");
            assertEquals(Boolean.TRUE, security.getReadOnlyRootFilesystem(), what + " has a read-only root filesystem");
            assertEquals(Boolean.FALSE, security.getAllowPrivilegeEscalation(), what + " cannot escalate");
            assertEquals(List.of("ALL"), security.getCapabilities().getDrop(), what + " drops every capability");
            assertTrue(security.getCapabilities().getAdd() == null || security.getCapabilities().getAdd().isEmpty(),
                    what + " adds no capability");
            String seccomp = security.getSeccompProfile() != null ? security.getSeccompProfile().getType()
                    : podSecurity.getSeccompProfile() != null ? podSecurity.getSeccompProfile().getType() : null;
            assertEquals("RuntimeDefault", seccomp, what + " seccomp profile");
            VolumeMount tmp = container.getVolumeMounts().stream().filter(mount -> mount.getMountPath().equals("/tmp"))
                    .findFirst().orElseThrow(() -> new AssertionError(what + " mounts /tmp"));
            Volume volume = pod.getVolumes().stream().filter(v -> v.getName().equals(tmp.getName())).findFirst()
                    .orElseThrow();
            assertNotNull(volume.getEmptyDir(), what + ": /tmp is an emptyDir");
        }
        assertFalse(Boolean.TRUE.equals(pod.getHostNetwork()) || Boolean.TRUE.equals(pod.getHostPID())
                || Boolean.TRUE.equals(pod.getHostIPC()), service + " shares nothing with the host");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("services")
    void everyContainerIsProbedAndSized(String overlay, String service) {
        for (Container container : containers(pod(overlay, service))) {
            String what = overlay + ": " + service + "/" + container.getName();
            assertEquals("/q/health/started", path(container.getStartupProbe(), what + " startup probe"));
            assertEquals("/q/health/live", path(container.getLivenessProbe(), what + " liveness probe"));
            assertEquals("/q/health/ready", path(container.getReadinessProbe(), what + " readiness probe"));
            Map<String, ?> requests = container.getResources().getRequests();
            assertTrue(requests.containsKey("cpu") && requests.containsKey("memory"), what + " requests cpu and memory");
            assertTrue(container.getResources().getLimits().containsKey("memory"), what + " has a memory limit");
            assertEquals(requests.get("memory"), container.getResources().getLimits().get("memory"),
                    what + ": the memory it may use is the memory it is scheduled with");
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("services")
    void podsSpreadOverZonesAndNodes(String overlay, String service) {
        Deployment deployment = deployment(overlay, service);
        Map<String, String> selector = deployment.getSpec().getSelector().getMatchLabels();

        Set<String> keys = deployment.getSpec().getTemplate().getSpec().getTopologySpreadConstraints().stream()
                .filter(spread -> spread.getLabelSelector().getMatchLabels().equals(selector))
                .map(spread -> spread.getTopologyKey()).collect(Collectors.toSet());
        assertEquals(Set.of("topology.kubernetes.io/zone", "kubernetes.io/hostname"), keys, service);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("services")
    void theServiceStopsByItselfWithinTheGracePeriod(String overlay, String service) {
        List<HasMetadata> objects = Manifests.overlay(overlay);
        PodSpec pod = Manifests.named(objects, Deployment.class, service).getSpec().getTemplate().getSpec();
        Map<String, String> config = Manifests.config(objects);

        Duration delay = duration(config.get("QUARKUS_SHUTDOWN_DELAY"));
        Duration timeout = duration(config.get("QUARKUS_SHUTDOWN_TIMEOUT"));
        assertTrue(delay.toSeconds() > 0, "readiness fails before the server stops taking requests");
        assertTrue(timeout.toSeconds() > 0, "requests and streams in flight get time to finish");
        assertTrue(pod.getTerminationGracePeriodSeconds() >= delay.toSeconds() + timeout.toSeconds()
                + EXIT_MARGIN_SECONDS, service + ": terminationGracePeriodSeconds "
                        + pod.getTerminationGracePeriodSeconds() + " leaves the service its delay and timeout");
        for (Container container : containers(pod)) {
            assertTrue(envFrom(container).contains(Manifests.CONFIG), service + " reads the shutdown settings");
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("services")
    void configurationComesFromTheConfigMapAndSecretsFromSecrets(String overlay, String service) {
        List<HasMetadata> objects = Manifests.overlay(overlay);
        Map<String, String> config = Manifests.config(objects);
        Container container = Manifests.named(objects, Deployment.class, service).getSpec().getTemplate().getSpec()
                .getContainers().get(0);

        assertTrue(config.containsKey("PAVED_OIDC_ISSUER") && config.containsKey("PAVED_OIDC_AUDIENCE"),
                "the OIDC provider is configured");
        config.keySet().forEach(key -> assertFalse(key.contains("PASSWORD") || key.contains("SECRET")
                || key.contains("TOKEN"), key + " belongs in a Secret"));
        for (EnvVar variable : container.getEnv()) {
            assertTrue(variable.getValueFrom() == null || variable.getValueFrom().getSecretKeyRef() != null,
                    service + ": " + variable.getName() + " comes from a Secret or is a plain value");
            assertFalse(variable.getValue() != null && (variable.getName().contains("PASSWORD")
                    || variable.getName().contains("SECRET") || variable.getName().contains("TOKEN")),
                    variable.getName() + " belongs in a Secret");
        }
        Map<String, String> fromSecrets = container.getEnv().stream().filter(variable -> variable.getValueFrom() != null)
                .collect(Collectors.toMap(EnvVar::getName, variable -> variable.getValueFrom().getSecretKeyRef().getName()
                        + (Boolean.TRUE.equals(variable.getValueFrom().getSecretKeyRef().getOptional()) ? "?" : "")));
        if (DATABASE_USERS.contains(service)) {
            for (String setting : List.of("QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME",
                    "QUARKUS_DATASOURCE_PASSWORD")) {
                assertEquals("paved-database", fromSecrets.get(setting), service + ": " + setting);
            }
        } else {
            assertFalse(fromSecrets.containsKey("QUARKUS_DATASOURCE_PASSWORD"), service + " uses no database");
        }
        if (service.equals("api-gateway")) {
            assertEquals("paved-chatops?", fromSecrets.get("PAVED_GATEWAY_CHATOPS_SIGNING_SECRET"));
        }
        if (service.equals("catalog-service")) {
            for (String setting : List.of("HOST", "USERNAME", "TOKEN")) {
                assertEquals("paved-git-credentials?", fromSecrets.get("PAVED_CATALOG_LOCATIONS_CREDENTIALS_GIT_"
                        + setting), "the Git host's token for locations: " + setting);
            }
        }
        if (service.equals("observability-service")) {
            assertTrue(config.containsKey("PAVED_OBSERVABILITY_METRICS_PROMETHEUS_URL"), "the Prometheus URL");
        }
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("services")
    void onlyTheServicesThatTalkToKubernetesHoldAToken(String overlay, String service) {
        List<HasMetadata> objects = Manifests.overlay(overlay);
        boolean client = KUBERNETES_CLIENTS.contains(service);

        assertEquals(client, Manifests.named(objects, ServiceAccount.class, service).getAutomountServiceAccountToken(),
                service);
        assertEquals(client, Manifests.named(objects, Deployment.class, service).getSpec().getTemplate().getSpec()
                .getAutomountServiceAccountToken(), service);
    }

    private static Deployment deployment(String overlay, String service) {
        return Manifests.named(Manifests.overlay(overlay), Deployment.class, service);
    }

    private static PodSpec pod(String overlay, String service) {
        return deployment(overlay, service).getSpec().getTemplate().getSpec();
    }

    private static List<Container> containers(PodSpec pod) {
        return Stream.concat(pod.getInitContainers().stream(), pod.getContainers().stream()).toList();
    }

    private static Set<String> envFrom(Container container) {
        return container.getEnvFrom().stream().map(EnvFromSource::getConfigMapRef).filter(ref -> ref != null)
                .map(ref -> ref.getName()).collect(Collectors.toSet());
    }

    private static String path(Probe probe, String what) {
        assertNotNull(probe, what);
        assertNotNull(probe.getHttpGet(), what + " is an HTTP probe");
        assertEquals("http", probe.getHttpGet().getPort().getStrVal(), what + " port");
        return probe.getHttpGet().getPath();
    }

    /** A Quarkus duration as the ConfigMap gives it ({@code 5s}, {@code 1m}). */
    private static Duration duration(String value) {
        assertNotNull(value, "a shutdown setting in " + Manifests.CONFIG);
        return Duration.parse("PT" + value.toUpperCase());
    }
}
