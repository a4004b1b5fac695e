package dev.paved.e2e.replicas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import dev.paved.e2e.PlatformUnderTest;
import dev.paved.local.PavedService;
import dev.paved.local.Ports;
import dev.paved.local.TokenSpec;
import dev.paved.sdk.ApiClient;
import dev.paved.sdk.ApiException;
import dev.paved.sdk.api.CatalogApi;
import dev.paved.sdk.api.DeploymentsApi;
import dev.paved.sdk.api.EnvironmentsApi;
import dev.paved.sdk.api.OperationsApi;
import dev.paved.sdk.model.Environment;
import dev.paved.sdk.model.EnvironmentDrift;
import dev.paved.sdk.model.EnvironmentRequest;
import dev.paved.sdk.model.HttpGetProbe;
import dev.paved.sdk.model.Operation;
import dev.paved.sdk.model.ResourceQuantities;
import dev.paved.sdk.model.WorkloadPort;
import dev.paved.sdk.model.WorkloadProbe;
import dev.paved.sdk.model.WorkloadResources;
import dev.paved.sdk.model.WorkloadSpec;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;

/**
 * Two replicas of every service on one machine: two gateways, each calling its own catalog,
 * provisioning and observability, all on one PostgreSQL and one Kubernetes API, driven through both
 * gateways in turn. Requests through either gateway happen exactly once, a provisioning replica
 * killed outright leaves its operations to the other, a catalog change made through one gateway is
 * read through the other within {@link #CACHE_BOUND}, and the reconciler repairs a drift once, though
 * both replicas run it.
 */
@Tag("replicas")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicasIT {

    /** How long a change through one gateway may take to be read through the other. */
    static final Duration CACHE_BOUND = Duration.ofSeconds(2);
    /** How long the surviving replica may take to finish what the killed one held. */
    static final Duration TAKEOVER_BOUND = Duration.ofSeconds(20);
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String TEAM_LABEL = "paved.dev/team";

    private PlatformUnderTest platform;
    private KubernetesClient cluster;
    private Connection database;
    private List<URI> gateways;
    private String admin;

    @BeforeAll
    void startTwoReplicasOfEverything() throws Exception {
        platform = PlatformUnderTest.start(options -> options
                .withFurtherReplicas(List.of(freePortsBeside(options.ports())))
                // Both replicas' reconcilers look at every environment every second.
                .withServiceProperty("paved.provisioning.reconciler.interval", "1s")
                .withServiceProperty("paved.provisioning.reconciler.min-age", "1s"));
        gateways = platform.running().gatewayUrls();
        assertEquals(2, gateways.size(), gateways::toString);
        cluster = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(
                Files.readString(Path.of(platform.running().kubeconfig())))).build();
        database = DriverManager.getConnection(platform.running().jdbcUrl());
        admin = platform.token(TokenSpec.user("root").role("platform-admin"));
    }

    @AfterAll
    void stop() throws SQLException {
        if (database != null) {
            database.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    /** Free ports none of which the first replica was given (those are not taken until it starts). */
    private static Ports freePortsBeside(Ports first) {
        try {
            Ports ports = Ports.free();
            while (ports.byOwner().values().stream().anyMatch(first.byOwner()::containsValue)) {
                ports = Ports.free();
            }
            return ports;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    @Order(1)
    void environmentsAndDeploymentsRequestedThroughEitherGatewayHappenExactlyOnce() throws Exception {
        String image = platform.registry().host() + "/replicas/web:1.0.0";
        platform.registry().push("replicas/web", "1.0.0");
        String team = newTeam("e2e-rr");
        String member = platform.token(TokenSpec.user("rita").team(team));
        RoundRobinGateways sdk = new RoundRobinGateways(platform, gateways, member);
        int environments = 6;

        // Each request is sent through both gateways at once, with one idempotency key.
        List<String> applications = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < environments; i++) {
            applications.add("app" + i);
            names.add(team + "-app" + i + "-dev");
        }
        Map<String, List<String>> created = throughBothGatewaysAtOnce(sdk, applications, (client, application) ->
                new EnvironmentsApi(client).createEnvironment(new EnvironmentRequest().team(team)
                        .application(application).stage("dev").name(team + "-" + application + "-dev"), false,
                        "create-" + application).getId());
        for (List<String> ids : created.values()) {
            assertEquals(1, Set.copyOf(ids).size(), "one key, one operation, whichever gateway: " + ids);
            assertEquals(Operation.StateEnum.SUCCEEDED, awaitFinal(sdk, ids.get(0)).getState());
        }
        assertEquals(Set.copyOf(names), namespacesOf(team), "one namespace per environment, none twice");
        assertEquals(environments, count("SELECT count(*) FROM provisioning.environment WHERE team = ?", team));
        assertEquals(environments, count("SELECT count(*) FROM provisioning.operation WHERE team = ?"
                + " AND type = 'CREATE_ENVIRONMENT'", team));
        assertEquals(environments, new EnvironmentsApi(sdk.next()).listEnvironments(null, null, null, null, team)
                .getItems().size());

        Map<String, List<String>> deployed = throughBothGatewaysAtOnce(sdk, names, (client, name) -> new DeploymentsApi(
                client).deployWorkload(name, web(image), null, null, false, null, null, null, "1.0.0", null,
                        "deploy-" + name).getOperation().getId());
        for (List<String> ids : deployed.values()) {
            assertEquals(1, Set.copyOf(ids).size(), "one key, one deployment, whichever gateway: " + ids);
            assertEquals(Operation.StateEnum.SUCCEEDED, awaitFinal(sdk, ids.get(0)).getState());
        }
        for (String name : names) {
            assertEquals(1, cluster.apps().deployments().inNamespace(name).list().getItems().size(), name);
            assertEquals(1, new DeploymentsApi(sdk.next()).listRevisions(name, "web", null, null).getItems().size(),
                    "one revision of " + name);
            for (int gateway = 0; gateway < sdk.size(); gateway++) {
                // Each gateway's observability replica reads the same cluster.
                assertEquals(200, get(gateway, member, "/api/v1/environments/" + name + "/status").statusCode());
            }
        }
        assertEquals(environments, count("SELECT count(*) FROM provisioning.operation WHERE team = ?"
                + " AND type = 'DEPLOY_WORKLOAD'", team));
    }

    @Test
    @Order(2)
    void aCatalogChangeThroughOneGatewayIsReadThroughTheOtherWithinTheBound() throws Exception {
        String team = newTeam("e2e-cache");
        String member = platform.token(TokenSpec.user("cora").team(team));
        String name = team + "-svc";
        assertEquals(200, ingest(0, member, component(name, team, "lifecycle-0")).statusCode());
        long slowest = 0;
        for (int round = 1; round <= 6; round++) {
            int writer = round % 2;
            int reader = 1 - writer;
            CatalogApi reading = new CatalogApi(platform.sdk(gateways.get(reader))
                    .setRequestInterceptor(request -> request.header("Authorization", "Bearer " + member)));
            String before = "lifecycle-" + (round - 1);
            readUntilCached(reader, reading, name, before);

            HttpResponse<String> written = ingest(writer, member, component(name, team, "lifecycle-" + round));
            long writtenAt = System.nanoTime();
            assertEquals(200, written.statusCode(), written.body());
            String seen = lifecycleOf(reading, name);
            while (!seen.equals("lifecycle-" + round)
                    && System.nanoTime() - writtenAt < TimeUnit.SECONDS.toNanos(10)) {
                seen = lifecycleOf(reading, name);
            }
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - writtenAt);
            System.out.printf("[replicas] a write through gateway %d was read through gateway %d after %d ms%n",
                    writer + 1, reader + 1, tookMillis);
            assertEquals("lifecycle-" + round, seen, "the other gateway's cache follows the change feed");
            slowest = Math.max(slowest, tookMillis);
        }
        assertTrue(slowest <= CACHE_BOUND.toMillis(), "the slowest read-back took " + slowest + " ms");
    }

    @Test
    @Order(3)
    void bothReplicasReconcileButOnlyOneAtATimeRepairsAndRecordsADrift() throws Exception {
        String team = newTeam("e2e-drift");
        String member = platform.token(TokenSpec.user("dina").team(team));
        RoundRobinGateways sdk = new RoundRobinGateways(platform, gateways, member);
        String name = createEnvironment(sdk, team, "app");
        String quota = cluster.resourceQuotas().inNamespace(name).list().getItems().get(0).getMetadata().getName();

        // While the environment's row is locked, as a reconciling replica locks it, no replica touches it.
        try (Connection holder = DriverManager.getConnection(platform.running().jdbcUrl())) {
            holder.setAutoCommit(false);
            try (PreparedStatement lock = holder.prepareStatement(
                    "SELECT id FROM provisioning.environment WHERE name = ? FOR NO KEY UPDATE")) {
                lock.setString(1, name);
                lock.executeQuery().close();
            }
            cluster.resourceQuotas().inNamespace(name).withName(quota).delete();
            Thread.sleep(3_000);
            assertNull(cluster.resourceQuotas().inNamespace(name).withName(quota).get(),
                    "three rounds of both reconcilers passed a locked environment by");
            holder.commit();
        }
        awaitQuota(name, quota);
        assertDriftsRecorded(sdk, name, quota, 1);

        // Both replicas reconcile every second; each removal is repaired and recorded once.
        for (int removal = 2; removal <= 3; removal++) {
            cluster.resourceQuotas().inNamespace(name).withName(quota).delete();
            assertDriftsRecorded(sdk, name, quota, removal);
            awaitQuota(name, quota);
            assertEquals(1, cluster.resourceQuotas().inNamespace(name).list().getItems().size());
        }
    }

    private ResourceQuota awaitQuota(String namespace, String quota) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        ResourceQuota current = cluster.resourceQuotas().inNamespace(namespace).withName(quota).get();
        while (current == null && System.nanoTime() < deadline) {
            Thread.sleep(100);
            current = cluster.resourceQuotas().inNamespace(namespace).withName(quota).get();
        }
        assertNotNull(current, "the reconciler put the quota back");
        return current;
    }

    /**
     * Waits until the object's removals are recorded as drift (the repair is applied before it is
     * recorded), then long enough for the other replica's rounds, which would have found it missing too
     * and said so: exactly that many are recorded.
     */
    private static void assertDriftsRecorded(RoundRobinGateways sdk, String environment, String object,
            long removals) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (missingDrifts(sdk, environment, object) < removals && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        Thread.sleep(2_500);
        assertEquals(removals, missingDrifts(sdk, environment, object));
    }

    private static long missingDrifts(RoundRobinGateways sdk, String environment, String object) throws ApiException {
        return new EnvironmentsApi(sdk.next()).getEnvironment(environment).getDrift().stream()
                .filter(drift -> drift.getKind() == EnvironmentDrift.KindEnum.MISSING)
                .filter(drift -> object.equals(drift.getObject().getName())).count();
    }

    @Test
    @Order(4)
    void theOtherReplicaFinishesWhatAKilledProvisioningReplicaWasDoing() throws Exception {
        String team = newTeam("e2e-kill");
        String member = platform.token(TokenSpec.user("kim").team(team));
        RoundRobinGateways sdk = new RoundRobinGateways(platform, gateways, member);
        List<String> kept = new ArrayList<>();
        List<String> torn = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            torn.add(createEnvironment(sdk, team, "old" + i));
        }
        for (String name : torn) {
            assertEquals(Environment.StateEnum.READY, new EnvironmentsApi(sdk.next()).getEnvironment(name).getState());
        }

        // Everything goes through the second gateway, so the second provisioning replica takes most of it.
        EnvironmentsApi second = new EnvironmentsApi(sdk.at(1));
        List<String> operations = new ArrayList<>();
        for (String name : torn) {
            operations.add(second.deleteEnvironment(name, false, "delete-" + name, null).getId());
        }
        for (int i = 0; i < 6; i++) {
            String name = team + "-new" + i + "-dev";
            kept.add(name);
            operations.add(second.createEnvironment(new EnvironmentRequest().team(team).application("new" + i)
                    .stage("dev").name(name), false, "create-" + name).getId());
        }
        long held = awaitClaimsOf("provisioning-service-2");
        Process replica = platform.processOf(PavedService.PROVISIONING, 2);
        long killedAt = System.nanoTime();
        replica.destroyForcibly();
        assertTrue(replica.waitFor(10, TimeUnit.SECONDS));
        assertEquals(128 + 9, replica.exitValue(), "ended by SIGKILL");
        long releasedMillis = awaitNoConnectionsOf("provisioning-service-2", killedAt);

        RoundRobinGateways survivor = new RoundRobinGateways(platform, gateways.subList(0, 1), member);
        for (String operation : operations) {
            assertEquals(Operation.StateEnum.SUCCEEDED, awaitFinal(survivor, operation).getState(), operation);
        }
        long finishedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
        System.out.printf("[replicas] provisioning-service-2 held %d claims when it was killed; PostgreSQL released"
                + " them after %d ms; replica 1 finished all %d operations %d ms after the kill%n", held,
                releasedMillis, operations.size(), finishedMillis);
        assertTrue(finishedMillis <= TAKEOVER_BOUND.toMillis(), finishedMillis + " ms");

        assertEquals(Set.copyOf(kept), namespacesOf(team), "no namespace of a deleted environment is left");
        for (String name : kept) {
            Environment environment = new EnvironmentsApi(survivor.next()).getEnvironment(name);
            assertEquals(Environment.StateEnum.READY, environment.getState());
            assertEquals(1, cluster.resourceQuotas().inNamespace(name).list().getItems().size(), name);
            assertEquals(4, cluster.network().networkPolicies().inNamespace(name).list().getItems().size(), name);
        }
        assertEquals(torn.size(), count("SELECT count(*) FROM provisioning.operation WHERE team = ?"
                + " AND type = 'DELETE_ENVIRONMENT'", team));
        assertEquals(torn.size() + kept.size(), count("SELECT count(*) FROM provisioning.operation WHERE team = ?"
                + " AND type = 'CREATE_ENVIRONMENT'", team));
        assertEquals(kept.size(), count("SELECT count(*) FROM provisioning.environment WHERE team = ?", team));
    }

    private interface Submission {
        String submit(ApiClient client, String name) throws ApiException;
    }

    /** Sends each submission through every gateway at the same moment; answers what each gateway answered. */
    private static Map<String, List<String>> throughBothGatewaysAtOnce(RoundRobinGateways sdk, List<String> names,
            Submission submission) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(names.size() * sdk.size());
        try {
            CountDownLatch go = new CountDownLatch(1);
            Map<String, List<Future<String>>> pending = new TreeMap<>();
            for (String name : names) {
                List<Future<String>> answers = new ArrayList<>();
                for (int gateway = 0; gateway < sdk.size(); gateway++) {
                    ApiClient client = sdk.at(gateway);
                    Callable<String> call = () -> {
                        go.await();
                        return submission.submit(client, name);
                    };
                    answers.add(threads.submit(call));
                }
                pending.put(name, answers);
            }
            go.countDown();
            Map<String, List<String>> answered = new TreeMap<>();
            for (Map.Entry<String, List<Future<String>>> each : pending.entrySet()) {
                List<String> ids = new ArrayList<>();
                for (Future<String> answer : each.getValue()) {
                    ids.add(answer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS));
                }
                answered.put(each.getKey(), ids);
            }
            return answered;
        } finally {
            threads.shutdownNow();
        }
    }

    private String createEnvironment(RoundRobinGateways sdk, String team, String application) throws Exception {
        String name = team + "-" + application + "-dev";
        Operation operation = new EnvironmentsApi(sdk.next()).createEnvironment(new EnvironmentRequest().team(team)
                .application(application).stage("dev").name(name), false, null);
        assertEquals(Operation.StateEnum.SUCCEEDED, awaitFinal(sdk, operation.getId()).getState());
        return name;
    }

    private static Operation awaitFinal(RoundRobinGateways sdk, String operationId) throws Exception {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        Operation operation = new OperationsApi(sdk.next()).getOperation(operationId);
        while (operation.getFinishedAt() == null && System.nanoTime() < deadline) {
            Thread.sleep(100);
            operation = new OperationsApi(sdk.next()).getOperation(operationId);
        }
        assertNotNull(operation.getFinishedAt(), operation::toString);
        assertNull(operation.getError(), operation::toString);
        return operation;
    }

    /** The namespaces Paved made for the team's environments. */
    private Set<String> namespacesOf(String team) {
        Set<String> names = new TreeSet<>();
        for (Namespace namespace : cluster.namespaces().withLabel(TEAM_LABEL, team).list().getItems()) {
            names.add(namespace.getMetadata().getName());
        }
        return names;
    }

    /** Waits until the replica's workers hold at least one claim (a row lock on the queue); answers how many. */
    private long awaitClaimsOf(String replica) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long claims = 0;
        while (claims == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
            claims = count("SELECT count(DISTINCT l.pid) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid"
                    + " WHERE a.application_name = ? AND l.relation = 'provisioning.operation_queue'::regclass"
                    + " AND l.mode = 'RowShareLock'", replica);
        }
        assertTrue(claims > 0, replica + " claimed none of the operations");
        return claims;
    }

    /** Waits until PostgreSQL has ended every session of the replica; answers how long after the kill. */
    private long awaitNoConnectionsOf(String replica, long killedAt) throws Exception {
        long deadline = killedAt + PATIENCE.toNanos();
        while (count("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?", replica) > 0
                && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(0, count("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?", replica));
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killedAt);
    }

    private long count(String sql, String parameter) throws SQLException {
        try (PreparedStatement statement = database.prepareStatement(sql)) {
            statement.setString(1, parameter);
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    private String newTeam(String prefix) throws Exception {
        String team = prefix + "-" + UUID.randomUUID().toString().substring(0, 6);
        HttpResponse<String> ingested = ingest(0, admin, """
                apiVersion: backstage.io/v1alpha1
                kind: Group
                metadata:
                  name: %s
                spec:
                  type: team
                  children: []
                """.formatted(team));
        assertEquals(200, ingested.statusCode(), ingested.body());
        return team;
    }

    private static String component(String name, String owner, String lifecycle) {
        return """
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: %s
                spec:
                  type: service
                  lifecycle: %s
                  owner: %s
                """.formatted(name, lifecycle, owner);
    }

    private static WorkloadSpec web(String image) {
        return new WorkloadSpec().name("web").goldenPath("web-service").image(image)
                .ports(List.of(new WorkloadPort().name("http").port(8080)))
                .resources(new WorkloadResources()
                        .requests(new ResourceQuantities().cpu("50m").memory("64Mi"))
                        .limits(new ResourceQuantities().cpu("100m").memory("128Mi")))
                .livenessProbe(new WorkloadProbe().httpGet(new HttpGetProbe().path("/healthz").port(8080)))
                .readinessProbe(new WorkloadProbe().httpGet(new HttpGetProbe().path("/ready").port(8080)));
    }

    private HttpResponse<String> ingest(int gateway, String token, String yaml) throws Exception {
        return platform.http().send(HttpRequest.newBuilder(gateways.get(gateway).resolve("/api/v1/catalog/entities"))
                .timeout(PATIENCE).header("Authorization", "Bearer " + token).header("Content-Type", "application/yaml")
                .POST(HttpRequest.BodyPublishers.ofString(yaml)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(int gateway, String token, String path) throws Exception {
        return platform.http().send(HttpRequest.newBuilder(gateways.get(gateway).resolve(path)).timeout(PATIENCE)
                .header("Authorization", "Bearer " + token).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String lifecycleOf(CatalogApi catalog, String name) throws ApiException {
        return (String) catalog.getCatalogEntity("component", name, "default").getSpec().get("lifecycle");
    }

    /** Reads through the gateway until its cache answers, so that what follows measures its following the feed. */
    private void readUntilCached(int gateway, CatalogApi catalog, String name, String lifecycle) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        double before = cacheHits(gateway);
        while (cacheHits(gateway) < before + 2 && System.nanoTime() < deadline) {
            assertEquals(lifecycle, lifecycleOf(catalog, name));
        }
        assertTrue(cacheHits(gateway) >= before + 2, "gateway " + (gateway + 1) + " answers from its cache");
    }

    private double cacheHits(int gateway) throws Exception {
        HttpResponse<String> metrics = platform.http().send(HttpRequest.newBuilder(gateways.get(gateway)
                .resolve("/q/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, metrics.statusCode());
        Matcher hits = Pattern.compile("cache_gets_total\\{[^}]*cache=\"catalog_entities\"[^}]*result=\"hit\"[^}]*}"
                + " ([0-9.E]+)").matcher(metrics.body());
        return hits.find() ? Double.parseDouble(hits.group(1)) : 0;
    }
}
