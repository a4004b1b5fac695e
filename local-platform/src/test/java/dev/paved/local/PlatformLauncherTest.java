package dev.paved.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

class PlatformLauncherTest {

    @TempDir
    Path root;

    /** How observability-service is told where Prometheus is. */
    static final String PROMETHEUS_URL = "PAVED_OBSERVABILITY_METRICS_PROMETHEUS_URL";

    private final List<String> progress = new ArrayList<>();

    @Test
    void startsEveryServiceWithTheAddressesOfThePlatform() throws IOException, InterruptedException {
        FakeServices.packageAll(root, ReadyService.class);
        Ports ports = Ports.free();

        try (PlatformLauncher launcher = new PlatformLauncher(PlatformOptions.local(root, root.resolve("data"))
                .withPorts(ports).withReadyTimeout(Duration.ofSeconds(60)), progress::add)) {
            RunningPlatform platform = launcher.start();

            assertEquals("http://127.0.0.1:" + ports.gateway(), platform.gatewayUrl().toString());
            assertEquals("127.0.0.1:" + ports.gateway(), platform.grpcTarget());
            Map<String, String> catalog = configurationOf(PavedService.CATALOG);
            assertEquals(Integer.toString(ports.catalog()), catalog.get("QUARKUS_HTTP_PORT"));
            assertEquals(platform.jdbcUrl() + "&ApplicationName=catalog-service",
                    catalog.get("QUARKUS_DATASOURCE_JDBC_URL"));
            assertEquals(platform.oidcIssuer(), catalog.get("PAVED_OIDC_ISSUER"));
            assertEquals("http://127.0.0.1:" + ports.issuer(), platform.oidcIssuer());
            assertEquals("groups", catalog.get("PAVED_AUTH_GROUPS_CLAIM"));
            Map<String, String> gateway = configurationOf(PavedService.GATEWAY);
            assertFalse(gateway.containsKey("QUARKUS_DATASOURCE_JDBC_URL"), "the gateway keeps no data");
            assertEquals(Integer.toString(ports.catalog()), gateway.get("PAVED_CATALOG_PORT"));
            assertEquals(Integer.toString(ports.provisioning()), gateway.get("PAVED_PROVISIONING_PORT"));
            assertEquals(Integer.toString(ports.observability()), gateway.get("PAVED_OBSERVABILITY_PORT"));
            assertEquals(PavedService.GATEWAY.runnerJar(root).getParent().toRealPath().toString(),
                    gateway.get("WORKING_DIRECTORY"), "started where its class data sharing archive applies");
            assertEquals("api-gateway", gateway.get("PAVED_GATEWAY_CLIENT_ID"));
            String secret = gateway.get("PAVED_GATEWAY_CLIENT_SECRET");
            assertTrue(secret != null && secret.length() >= 40, "a random secret of 32 bytes");
            assertFalse(catalog.containsKey("PAVED_GATEWAY_CLIENT_SECRET"), "only the gateway holds its secret");
            HttpResponse<String> token = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(platform.oidcIssuer() + "/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "grant_type=client_credentials&client_id=api-gateway&client_secret=" + secret))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, token.statusCode(), "the dev issuer knows the gateway's client: " + token.body());
            Map<String, String> provisioning = configurationOf(PavedService.PROVISIONING);
            assertEquals("paved-provisioning", provisioning.get("PAVED_PROVISIONING_CLIENT_ID"));
            String provisioningSecret = provisioning.get("PAVED_PROVISIONING_CLIENT_SECRET");
            assertTrue(provisioningSecret != null && !provisioningSecret.equals(secret), "a secret of its own");
            assertFalse(gateway.containsKey("PAVED_PROVISIONING_CLIENT_SECRET"), "only provisioning holds its secret");
            HttpResponse<String> provisioningToken = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(platform.oidcIssuer() + "/token"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "grant_type=client_credentials&client_id=paved-provisioning&client_secret="
                                    + provisioningSecret))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, provisioningToken.statusCode(), provisioningToken.body());
            Matcher accessToken = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"")
                    .matcher(provisioningToken.body());
            assertTrue(accessToken.find(), provisioningToken.body());
            String claims = new String(Base64.getUrlDecoder().decode(accessToken.group(1).split("\\.")[1]),
                    StandardCharsets.UTF_8);
            assertTrue(claims.contains("platform-admin"), "it publishes golden paths, an admin's write: " + claims);
            Map<String, String> observability = configurationOf(PavedService.OBSERVABILITY);
            assertEquals(platform.kubeconfig(), observability.get("KUBECONFIG"));
            assertTrue(Files.readString(Path.of(platform.kubeconfig()))
                    .contains("server: http://127.0.0.1:" + ports.kubernetes()));
            assertEquals(Optional.of("http://127.0.0.1:" + ports.kubernetes() + "/metrics"),
                    platform.clusterMetricsUrl());
            try (KubernetesClient client = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(Path.of(platform.kubeconfig())))).build()) {
                assertEquals(3, client.nodes().list().getItems().size(), "the simulator's nodes");
            }
            assertTrue(Files.isDirectory(root.resolve("data/kubernetes/core/nodes/_cluster")),
                    "the in-process API keeps its objects in the data directory");
        }
    }

    @Test
    void furtherReplicasListenOnTheirOwnPortsCallTheirOwnBackendsAndShareTheServers() throws IOException {
        FakeServices.packageAll(root, ReadyService.class);
        Ports first = Ports.free();
        Ports second = Ports.free();

        try (PlatformLauncher launcher = new PlatformLauncher(options(first).withFurtherReplicas(List.of(second)),
                progress::add)) {
            RunningPlatform platform = launcher.start();

            assertEquals(List.of(URI.create("http://127.0.0.1:" + first.gateway()),
                    URI.create("http://127.0.0.1:" + second.gateway())), platform.gatewayUrls());
            Map<String, String> gateway = FakeServices.configurationOf(root, "api-gateway-2");
            assertEquals(Integer.toString(second.gateway()), gateway.get("QUARKUS_HTTP_PORT"));
            assertEquals(Integer.toString(second.catalog()), gateway.get("PAVED_CATALOG_PORT"));
            assertEquals(Integer.toString(second.provisioning()), gateway.get("PAVED_PROVISIONING_PORT"));
            assertEquals(Integer.toString(second.observability()), gateway.get("PAVED_OBSERVABILITY_PORT"));
            Map<String, String> provisioning = FakeServices.configurationOf(root, "provisioning-service-2");
            assertEquals(Integer.toString(second.catalog()), provisioning.get("PAVED_CATALOG_PORT"));
            assertEquals(platform.jdbcUrl() + "&ApplicationName=provisioning-service-2",
                    provisioning.get("QUARKUS_DATASOURCE_JDBC_URL"), "the same database, told which replica calls");
            assertEquals(platform.kubeconfig(), provisioning.get("KUBECONFIG"));
            assertEquals(configurationOf(PavedService.PROVISIONING).get("PAVED_OIDC_ISSUER"),
                    provisioning.get("PAVED_OIDC_ISSUER"));
            assertEquals(Integer.toString(first.catalog()),
                    configurationOf(PavedService.GATEWAY).get("PAVED_CATALOG_PORT"));
            assertTrue(launcher.processOf(PavedService.PROVISIONING, 2).isAlive());
            assertThrows(IllegalArgumentException.class, () -> launcher.processOf(PavedService.PROVISIONING, 3));

            launcher.close();
            for (PavedService service : PavedService.values()) {
                assertTrue(Ports.isFree(service.port(second)), service.moduleName() + "-2 still listens");
            }
        }
    }

    @Test
    void withoutTheSimulatorTheInProcessApiStoresObjectsAndRunsNothing() throws IOException {
        FakeServices.packageAll(root, ReadyService.class);

        try (PlatformLauncher launcher = new PlatformLauncher(options(Ports.free()), progress::add)) {
            RunningPlatform platform = launcher.start();

            assertEquals(Optional.empty(), platform.clusterMetricsUrl());
            assertTrue(progress.contains("Simulator       off: workloads are stored, no pod runs"), progress.toString());
            try (KubernetesClient client = new KubernetesClientBuilder()
                    .withConfig(Config.fromKubeconfig(Files.readString(Path.of(platform.kubeconfig())))).build()) {
                assertEquals(List.of(), client.nodes().list().getItems(), "no simulated nodes");
            }
        }
    }

    @Test
    void anExternalPrometheusIsPassedOnAndNoneIsStarted() throws IOException {
        FakeServices.packageAll(root, ReadyService.class);
        Ports ports = Ports.free();
        PlatformOptions options = PlatformOptions.local(root, root.resolve("data")).withPorts(ports)
                .withReadyTimeout(Duration.ofSeconds(60)).withoutSimulator()
                .withPrometheus(new PlatformOptions.Prometheus.External(URI.create("http://prometheus.example:9090")));

        try (PlatformLauncher launcher = new PlatformLauncher(options, progress::add)) {
            RunningPlatform platform = launcher.start();

            assertEquals(Optional.of(URI.create("http://prometheus.example:9090")), platform.prometheusUrl());
            assertEquals("http://prometheus.example:9090", configurationOf(PavedService.OBSERVABILITY).get(PROMETHEUS_URL));
            assertTrue(Ports.isFree(ports.prometheus()), "no Prometheus of its own");
            assertFalse(Files.exists(root.resolve("data/prometheus")));
        }
    }

    @Test
    void withoutPrometheusObservabilityIsGivenNone() throws IOException {
        FakeServices.packageAll(root, ReadyService.class);
        PlatformOptions options = PlatformOptions.local(root, root.resolve("data")).withPorts(Ports.free())
                .withReadyTimeout(Duration.ofSeconds(60)).withoutSimulator();

        try (PlatformLauncher launcher = new PlatformLauncher(options, progress::add)) {
            RunningPlatform platform = launcher.start();

            assertEquals(Optional.empty(), platform.prometheusUrl());
            assertFalse(configurationOf(PavedService.OBSERVABILITY).containsKey(PROMETHEUS_URL));
            assertTrue(progress.stream().anyMatch(line -> line.startsWith("Prometheus      none")), progress.toString());
        }
    }

    @Test
    void closeStopsEveryServiceAndFreesEveryPort() throws IOException {
        FakeServices.packageAll(root, ReadyService.class);
        Ports ports = Ports.free();
        PlatformLauncher launcher = new PlatformLauncher(options(ports), progress::add);
        launcher.start();

        launcher.close();

        ports.byOwner().forEach((owner, port) -> assertTrue(Ports.isFree(port), owner + " still listens on " + port));
        assertFalse(Files.exists(root.resolve("data/postgres/postmaster.pid")), "PostgreSQL still runs");
    }

    @Test
    void aLauncherWhoseJvmIsStoppedStopsItsServicesBeforePostgresql() throws Exception {
        FakeServices.packageAll(root, DatabaseCheckingService.class, ReadyService.class);
        Path launcherLog = root.resolve("launcher.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process launcher = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                LauncherProcess.class.getName(), root.toString()).redirectErrorStream(true)
                .redirectOutput(launcherLog.toFile()).start();
        try {
            Instant deadline = Instant.now().plusSeconds(90);
            while (!Files.readString(launcherLog).contains(LauncherProcess.STARTED)) {
                assertTrue(launcher.isAlive() && Instant.now().isBefore(deadline),
                        "the launcher did not start: " + Files.readString(launcherLog));
                Thread.sleep(200);
            }

            launcher.destroy();

            assertTrue(launcher.waitFor(60, TimeUnit.SECONDS), "the launcher did not stop");
            for (PavedService service : List.of(PavedService.CATALOG, PavedService.PROVISIONING)) {
                String log = Files.readString(root.resolve("data/logs/" + service.moduleName() + ".log"));
                assertTrue(log.contains(DatabaseCheckingService.REACHABLE), service.moduleName() + ": " + log);
            }
            assertFalse(Files.exists(root.resolve("data/postgres/postmaster.pid")), "PostgreSQL still runs");
        } finally {
            launcher.destroyForcibly();
        }
    }

    @Test
    void aServiceThatCannotStartIsReportedWithTheEndOfItsLogAndNothingIsLeftRunning() throws IOException {
        FakeServices.packageAll(root, ReadyService.class);
        FakeServices.packageAs(root, PavedService.PROVISIONING, CrashingService.class);
        Ports ports = Ports.free();

        try (PlatformLauncher launcher = new PlatformLauncher(options(ports), progress::add)) {
            LaunchException failure = assertThrows(LaunchException.class, launcher::start);

            assertTrue(failure.getMessage().startsWith("provisioning-service did not start (exit code 3)"),
                    failure.getMessage());
            assertFalse(failure.getMessage().contains("\n"), "one line: " + failure.getMessage());
            assertEquals(List.of("starting", "the datasource is unreachable"), failure.details());
        }
        ports.byOwner().forEach((owner, port) -> assertTrue(Ports.isFree(port), owner + " still listens on " + port));
    }

    @Test
    void aTakenPortStopsTheStartBeforeAnythingRuns() throws IOException {
        FakeServices.packageAll(root, ReadyService.class);
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Ports free = Ports.free();
            Ports ports = new Ports(taken.getLocalPort(), free.catalog(), free.provisioning(), free.observability(),
                    free.issuer(), free.kubernetes(), free.postgres(), free.prometheus());

            try (PlatformLauncher launcher = new PlatformLauncher(options(ports), progress::add)) {
                LaunchException failure = assertThrows(LaunchException.class, launcher::start);

                assertEquals("port " + taken.getLocalPort() + " (api-gateway) is already in use",
                        failure.getMessage());
            }
            assertEquals(List.of(), progress, "nothing was started");
            assertFalse(Files.exists(root.resolve("data/postgres")));
        }
    }

    @Test
    void aServiceThatIsNotPackagedIsNamed() throws IOException {
        FakeServices.packageAs(root, PavedService.CATALOG, ReadyService.class);

        try (PlatformLauncher launcher = new PlatformLauncher(options(Ports.free()), progress::add)) {
            LaunchException failure = assertThrows(LaunchException.class, launcher::start);

            assertTrue(failure.getMessage().startsWith("provisioning-service is not packaged"), failure.getMessage());
        }
    }

    @Test
    void anExternalOidcProviderAndClusterReplaceTheDevIssuerAndTheInProcessApi() throws IOException {
        FakeServices.packageAll(root, ReadyService.class);
        Ports ports = Ports.free();
        PlatformOptions options = options(ports)
                .withOidcProvider(new PlatformOptions.OidcProvider("https://sso.example.com/realms/dev", "platform",
                        "realm_access.groups"))
                .withCluster("/home/dev/.kube/staging");

        try (PlatformLauncher launcher = new PlatformLauncher(options, progress::add)) {
            RunningPlatform platform = launcher.start();

            assertTrue(platform.devIssuer().isEmpty());
            assertTrue(platform.kubernetesUrl().isEmpty());
            assertTrue(platform.clusterMetricsUrl().isEmpty(), "nothing is simulated on a real cluster");
            assertTrue(Ports.isFree(ports.issuer()), "no dev issuer runs");
            assertTrue(Ports.isFree(ports.kubernetes()), "no in-process Kubernetes API runs");
            Map<String, String> provisioning = configurationOf(PavedService.PROVISIONING);
            assertEquals("https://sso.example.com/realms/dev", provisioning.get("PAVED_OIDC_ISSUER"));
            assertEquals("platform", provisioning.get("PAVED_OIDC_AUDIENCE"));
            assertEquals("realm_access.groups", provisioning.get("PAVED_AUTH_GROUPS_CLAIM"));
            assertEquals("/home/dev/.kube/staging", provisioning.get("KUBECONFIG"));
        }
    }

    @Test
    void aServiceThatStopsOnItsOwnEndsTheWait() throws Exception {
        FakeServices.packageAll(root, ReadyService.class);
        try (PlatformLauncher launcher = new PlatformLauncher(options(Ports.free()), progress::add)) {
            launcher.start();
            ProcessHandle catalog = ProcessHandle.current().children()
                    .filter(child -> child.info().commandLine().orElse("").contains("catalog-service"))
                    .findFirst().orElseThrow();

            catalog.destroyForcibly();

            LaunchException failure = assertThrows(LaunchException.class, launcher::awaitStop);
            assertTrue(failure.getMessage().startsWith("catalog-service stopped on its own"), failure.getMessage());
        }
    }

    @Test
    void aDataDirectoryInUseByAnotherLauncherIsRefused() throws Exception {
        Path data = root.resolve("data");
        Files.createDirectories(data.resolve("run"));
        Process otherLauncher = new ProcessBuilder("sleep", "60").start();
        try {
            Files.writeString(data.resolve("run/launcher"), otherLauncher.pid() + " "
                    + otherLauncher.info().startInstant().orElseThrow());

            LaunchException failure = assertThrows(LaunchException.class,
                    () -> PlatformLauncher.reclaimDataDirectory(data));

            assertTrue(failure.getMessage().startsWith("another launcher (pid " + otherLauncher.pid() + ") runs on"),
                    failure.getMessage());
        } finally {
            otherLauncher.destroyForcibly();
        }
    }

    @Test
    void aPostgresqlLeftByAKilledLauncherIsStoppedAndItsDataKept() throws IOException {
        Path data = root.resolve("data");
        Files.createDirectories(data.resolve("run"));
        Files.writeString(data.resolve("run/launcher"), "999999999 2020-01-01T00:00:00Z");
        EmbeddedDatabase leftover = EmbeddedDatabase.start(data.resolve("postgres"), 0);
        int port = leftover.port();

        Optional<Long> stopped = PlatformLauncher.reclaimDataDirectory(data);

        assertTrue(stopped.isPresent());
        assertTrue(Ports.isFree(port), "PostgreSQL still listens on " + port);
        assertTrue(Files.exists(data.resolve("postgres/PG_VERSION")), "the data stays");
    }

    @Test
    void aPrometheusLeftByAKilledLauncherOnTheDataDirectoryIsStopped() throws Exception {
        Path tsdb = root.resolve("data/prometheus");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // Only the test classes: the JDK reads no arguments of a command line longer than 4 KB.
        String classes = Path.of(IdleProcess.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        Process leftover = new ProcessBuilder(java, "-cp", classes, IdleProcess.class.getName(),
                LocalPrometheus.storageFlag(tsdb)).start();
        Process another = new ProcessBuilder(java, "-cp", classes, IdleProcess.class.getName(),
                LocalPrometheus.storageFlag(root.resolve("elsewhere/prometheus"))).start();
        try {
            // Started: their command lines are theirs, no longer the spawning helper's.
            for (Process process : List.of(leftover, another)) {
                assertEquals("idle", new BufferedReader(new InputStreamReader(process.getInputStream(),
                        StandardCharsets.UTF_8)).readLine());
            }
            Optional<Long> stopped = PlatformLauncher.reclaimPrometheus(tsdb);

            assertEquals(Optional.of(leftover.pid()), stopped);
            assertFalse(leftover.isAlive());
            assertTrue(another.isAlive(), "another data directory's Prometheus is not this run's");
        } finally {
            leftover.destroyForcibly();
            another.destroyForcibly();
        }
    }

    /** Without the simulator, which is not what these tests are about (the first one starts it). */
    private PlatformOptions options(Ports ports) {
        return PlatformOptions.local(root, root.resolve("data")).withPorts(ports)
                .withReadyTimeout(Duration.ofSeconds(60)).withoutSimulator();
    }

    /** What the fake service printed: the configuration it was started with. */
    private Map<String, String> configurationOf(PavedService service) throws IOException {
        return FakeServices.configurationOf(root, service);
    }
}
