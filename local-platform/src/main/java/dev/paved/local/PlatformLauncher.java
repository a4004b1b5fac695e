package dev.paved.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

import dev.paved.local.PlatformOptions.OidcProvider;
import dev.paved.local.simulator.ClusterSimulator;
import dev.paved.local.simulator.SimulatorConfig;

/**
 * Starts the whole platform on one machine: an embedded PostgreSQL, the in-process Kubernetes API
 * with its objects in the data directory and the cluster simulator on it (unless a cluster is given,
 * or the simulator is turned off), the dev OIDC issuer (unless a provider is given), Prometheus
 * (when asked to), then the four packaged services as child processes, and waits until every service
 * is ready. {@link #close()}
 * stops everything it started; a failed start leaves nothing running.
 */
public final class PlatformLauncher implements AutoCloseable {

    /** Where {@code up} notes the dev issuer's URL, so that tokens minted later carry the same issuer. */
    public static final String ISSUER_URL_FILE = "issuer-url";

    private static final String LOCAL_HOST = "127.0.0.1";
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    private static final String GATEWAY_CLIENT_ID = "api-gateway";
    private static final String PROVISIONING_CLIENT_ID = "paved-provisioning";

    private final PlatformOptions options;
    private final Consumer<String> progress;
    private final Deque<AutoCloseable> dependencies = new ArrayDeque<>();
    private final List<ServiceProcess> services = new CopyOnWriteArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    /** Stops everything in order when the JVM exits (Ctrl-C, SIGTERM) before {@link #close()} was called. */
    private final Thread stopAtJvmExit = new Thread(this::close, "paved-launcher-stop");
    private volatile CompletableFuture<EmbeddedDatabase> database;

    /** Nothing starts until {@link #start()}. */
    public PlatformLauncher(PlatformOptions options, Consumer<String> progress) {
        this.options = options;
        this.progress = progress;
    }

    /**
     * Starts everything and returns once every service is ready.
     *
     * @throws LaunchException with a one-line reason, after stopping whatever had started
     */
    public RunningPlatform start() {
        Instant began = Instant.now();
        Runtime.getRuntime().addShutdownHook(stopAtJvmExit);
        try {
            requirePackagedServices();
            reclaimDataDirectory(options.dataDirectory()).ifPresent(pid -> progress.accept(
                    "Stopped the PostgreSQL (pid " + pid + ") that an earlier run left on " + options.dataDirectory()));
            reclaimPrometheus(options.prometheusDataDirectory()).ifPresent(pid -> progress.accept(
                    "Stopped the Prometheus (pid " + pid + ") that an earlier run left on " + options.dataDirectory()));
            requireFreePorts();
            Files.createDirectories(options.logDirectory());
            Files.createDirectories(runDirectory());
            Files.writeString(launcherFile(options.dataDirectory()), describe(ProcessHandle.current()));
            startDatabaseInBackground();
            Kubernetes kubernetes = startKubernetes();
            Oidc oidc = startOidc();
            Optional<URI> prometheus = startPrometheus(kubernetes);
            Map<String, String> environment = environmentOf(kubernetes, oidc, prometheus);
            Path agentJar = LauncherWatch.writeAgentJar(runDirectory().resolve("launcher-watch.jar"));
            // Those that need no database use the time PostgreSQL takes to start.
            startServices(1, service -> !service.usesDatabase(), environment, oidc.serviceClients(), agentJar);
            EmbeddedDatabase postgres = awaitDatabase();
            environment.putAll(databaseEnvironmentOf(postgres));
            startServices(1, PavedService::usesDatabase, environment, oidc.serviceClients(), agentJar);
            awaitServicesReady();
            // Further replicas once the first is ready, as a rolling start would: on a small machine the
            // JVMs starting together would otherwise starve one another.
            for (int replica = 2; replica <= options.replicaPorts().size(); replica++) {
                startServices(replica, service -> true, environment, oidc.serviceClients(), agentJar);
            }
            awaitServicesReady();
            return new RunningPlatform(urlOf(PavedService.GATEWAY), LOCAL_HOST + ":" + options.ports().gateway(),
                    options.replicaPorts().stream().map(replica -> urlOf(PavedService.GATEWAY, replica)).toList(),
                    serviceUrls(), oidc.issuer(), oidc.devIssuer(), kubernetes.kubeconfig(), kubernetes.url(),
                    kubernetes.metricsUrl(), prometheus, postgres.jdbcUrl(), options.logDirectory(),
                    Duration.between(began, Instant.now()));
        } catch (IOException e) {
            close();
            throw new LaunchException("the platform could not start: " + e.getMessage(), e);
        } catch (RuntimeException | Error e) {
            close();
            throw e;
        }
    }

    /** Whether {@link #close()} has begun, e.g. from a shutdown hook while the platform was starting. */
    public boolean isClosing() {
        return closing.getCount() == 0;
    }

    /**
     * Blocks while the platform runs and returns once it is being closed.
     *
     * @throws LaunchException when a service ends on its own
     */
    public void awaitStop() throws InterruptedException {
        CompletableFuture<?>[] exits = services.stream().map(service -> service.process().onExit())
                .toArray(CompletableFuture[]::new);
        CompletableFuture<Object> firstExit = CompletableFuture.anyOf(exits);
        while (!firstExit.isDone()) {
            if (closing.await(1, TimeUnit.SECONDS)) {
                return;
            }
        }
        // On Ctrl-C the terminal signals the services too; give the shutdown hook a moment to say so.
        if (closing.await(2, TimeUnit.SECONDS)) {
            return;
        }
        for (ServiceProcess service : services) {
            if (!service.process().isAlive()) {
                throw new LaunchException(service.name() + " stopped on its own (exit code "
                        + service.process().exitValue() + "); the end of " + service.logFile() + ":",
                        service.logTail());
            }
        }
    }

    /**
     * Stops the gateway, then the other services, then the issuer, the Kubernetes API and PostgreSQL.
     * Safe to call more than once and from several threads: a call while another is stopping returns
     * when that one is done.
     */
    @Override
    public void close() {
        boolean alreadyClosing;
        List<AutoCloseable> started;
        synchronized (this) {
            alreadyClosing = isClosing();
            closing.countDown();
            started = List.copyOf(dependencies);
        }
        if (alreadyClosing) {
            awaitClosed();
            return;
        }
        try {
            // The entry first: nothing then calls a backend that is stopping.
            stopTogether(services.stream().filter(PlatformLauncher::isGateway).toList());
            stopTogether(services.stream().filter(service -> !isGateway(service)).toList());
            started.forEach(PlatformLauncher::closeQuietly);
            if (database != null) {
                try {
                    closeQuietly(database.join());
                } catch (CompletionException didNotStart) {
                    // Nothing to stop.
                }
            }
        } finally {
            closed.countDown();
            forgetShutdownHook();
        }
    }

    private static boolean isGateway(ServiceProcess service) {
        return service.name().startsWith(PavedService.GATEWAY.moduleName());
    }

    /**
     * The process of one replica of a service (replicas count from 1), for tests that stop or kill one.
     *
     * @throws IllegalArgumentException when the platform runs no such replica
     */
    public Process processOf(PavedService service, int replica) {
        String name = processName(service, replica);
        return services.stream().filter(process -> process.name().equals(name)).findFirst()
                .map(ServiceProcess::process)
                .orElseThrow(() -> new IllegalArgumentException("no replica " + replica + " of "
                        + service.moduleName()));
    }

    private static void stopTogether(List<ServiceProcess> group) {
        group.forEach(ServiceProcess::requestStop);
        group.forEach(service -> service.awaitStopped(STOP_GRACE));
    }

    private void awaitClosed() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void forgetShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtJvmExit);
        } catch (IllegalStateException jvmExiting) {
            // The hook runs (this may be it), or is about to: nothing is left to forget.
        }
    }

    /**
     * Makes a data directory this launcher's: refuses one that a running launcher uses, and stops the
     * PostgreSQL that a launcher killed outright left on it (its services end by themselves, see
     * {@link LauncherWatch}; PostgreSQL does not).
     *
     * @return the process id of the PostgreSQL server that was stopped
     */
    public static Optional<Long> reclaimDataDirectory(Path dataDirectory) throws IOException {
        Path launcherFile = launcherFile(dataDirectory);
        if (Files.isRegularFile(launcherFile)) {
            String recorded = Files.readString(launcherFile).trim();
            Optional<ProcessHandle> launcher = !recorded.matches("\\d+ .*") ? Optional.empty()
                    : ProcessHandle.of(Long.parseLong(recorded.substring(0, recorded.indexOf(' '))))
                            .filter(process -> describe(process).equals(recorded));
            if (launcher.isPresent() && launcher.get().pid() != ProcessHandle.current().pid()) {
                throw new LaunchException("another launcher (pid " + launcher.get().pid() + ") runs on "
                        + dataDirectory + "; stop it first or use another data directory");
            }
        }
        Path postgresData = dataDirectory.resolve("postgres");
        Path pidFile = postgresData.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        // The pid alone may since belong to another process; only a server on this directory is ours.
        Optional<ProcessHandle> server = lines.isEmpty() || !lines.get(0).trim().matches("\\d+") ? Optional.empty()
                : ProcessHandle.of(Long.parseLong(lines.get(0).trim()))
                        .filter(process -> process.info().commandLine().orElse("").contains(postgresData.toString()));
        if (server.isEmpty()) {
            return Optional.empty();
        }
        // SIGTERM: a smart shutdown, which the dead services' connections do not hold up.
        return Optional.of(stopLeftover(server.get(), "PostgreSQL", dataDirectory));
    }

    /**
     * Stops the Prometheus that a launcher killed outright left on this TSDB directory (it does not end
     * by itself, and it holds the TSDB's lock and its port).
     *
     * @return the process id of the Prometheus that was stopped
     */
    static Optional<Long> reclaimPrometheus(Path prometheusDataDirectory) {
        String storageFlag = LocalPrometheus.storageFlag(prometheusDataDirectory);
        return ProcessHandle.allProcesses()
                .filter(process -> process.info().arguments().map(List::of).orElse(List.of()).contains(storageFlag))
                .findFirst()
                .map(leftover -> stopLeftover(leftover, "Prometheus", prometheusDataDirectory));
    }

    /** Stops (SIGTERM) a server an earlier run left on the directory, and waits until it has. */
    private static long stopLeftover(ProcessHandle server, String what, Path directory) {
        server.destroy();
        try {
            server.onExit().get(30, TimeUnit.SECONDS);
        } catch (TimeoutException | ExecutionException e) {
            throw new LaunchException(what + " (pid " + server.pid() + ") left running on " + directory
                    + " by an earlier run did not stop; stop it and try again");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while stopping an earlier run's " + what);
        }
        return server.pid();
    }

    private static Path launcherFile(Path dataDirectory) {
        return dataDirectory.resolve("run/launcher");
    }

    /** A process id with its start time, which a later process given the same id does not share. */
    private static String describe(ProcessHandle process) {
        return process.pid() + " " + process.info().startInstant().map(Object::toString).orElse("");
    }

    /** Records what started, or stops it at once when the platform is already being closed. */
    private synchronized <T extends AutoCloseable> T keep(T dependency) {
        if (isClosing()) {
            closeQuietly(dependency);
            throw new LaunchException("the platform was stopped while it was starting");
        }
        dependencies.push(dependency);
        return dependency;
    }

    private synchronized void keep(ServiceProcess service) {
        if (isClosing()) {
            service.requestStop();
            service.awaitStopped(STOP_GRACE);
            throw new LaunchException("the platform was stopped while it was starting");
        }
        services.add(service);
    }

    private void requirePackagedServices() {
        for (PavedService service : PavedService.values()) {
            Path jar = service.runnerJar(options.root());
            if (!Files.isRegularFile(jar)) {
                throw new LaunchException(service.moduleName() + " is not packaged (no " + jar
                        + "); run ./mvnw package -DskipTests");
            }
        }
    }

    private void requireFreePorts() {
        Map<String, Integer> wanted = new LinkedHashMap<>(options.ports().byOwner());
        if (options.clusterKubeconfig().isPresent()) {
            wanted.remove(Ports.KUBERNETES_OWNER);
        }
        if (options.oidcProvider().isPresent()) {
            wanted.remove(Ports.ISSUER_OWNER);
        }
        if (!(options.prometheus().orElse(null) instanceof PlatformOptions.Prometheus.Started)) {
            wanted.remove(Ports.PROMETHEUS_OWNER);
        }
        List<Ports> replicas = options.replicaPorts();
        for (int replica = 2; replica <= replicas.size(); replica++) {
            for (PavedService service : PavedService.values()) {
                wanted.put(processName(service, replica), service.port(replicas.get(replica - 1)));
            }
        }
        wanted.forEach((owner, port) -> {
            if (!Ports.isFree(port)) {
                throw new LaunchException("port " + port + " (" + owner + ") is already in use");
            }
        });
    }

    private void startDatabaseInBackground() {
        Path dataDirectory = options.dataDirectory().resolve("postgres");
        int port = options.ports().postgres();
        database = CompletableFuture.supplyAsync(() -> {
            try {
                return EmbeddedDatabase.startOwned(dataDirectory, port);
            } catch (IOException | RuntimeException e) {
                throw new LaunchException("PostgreSQL did not start on port " + port + ": " + rootMessage(e), e);
            }
        });
    }

    private EmbeddedDatabase awaitDatabase() {
        try {
            EmbeddedDatabase postgres = database.join();
            progress.accept("PostgreSQL      " + postgres.jdbcUrl());
            return postgres;
        } catch (CompletionException e) {
            throw e.getCause() instanceof LaunchException launch ? launch
                    : new LaunchException("PostgreSQL did not start: " + rootMessage(e), e);
        }
    }

    private record Kubernetes(String kubeconfig, Optional<String> url, Optional<String> metricsUrl) {
    }

    private Kubernetes startKubernetes() throws IOException {
        if (options.clusterKubeconfig().isPresent()) {
            progress.accept("Kubernetes      the cluster of KUBECONFIG=" + options.clusterKubeconfig().get());
            return new Kubernetes(options.clusterKubeconfig().get(), Optional.empty(), Optional.empty());
        }
        InProcessKubernetes kubernetes = keep(InProcessKubernetes.start(options.ports().kubernetes(),
                options.kubernetesStoreDirectory()));
        Path kubeconfig = kubernetes.writeKubeconfig(options.inProcessKubeconfig());
        progress.accept("Kubernetes API  " + kubernetes.url() + " (in-process, objects in "
                + options.kubernetesStoreDirectory() + ")");
        Optional<String> metricsUrl = Optional.empty();
        if (options.simulator().isPresent()) {
            SimulatorConfig config = options.simulator().get();
            ClusterSimulator simulator = keep(startSimulator(kubernetes, config));
            metricsUrl = Optional.of(simulator.prometheusUrl());
            progress.accept("Simulator       " + config.nodes() + " nodes, pods running after "
                    + config.startDelay().toMillis() + " ms; metrics at " + simulator.prometheusUrl());
        } else {
            progress.accept("Simulator       off: workloads are stored, no pod runs");
        }
        return new Kubernetes(kubeconfig.toString(), Optional.of(kubernetes.url()), metricsUrl);
    }

    /**
     * Starts Prometheus when asked to, scraping the services' ports (they start later: their first
     * scrapes fail, as on any restart) and the simulator; its readiness is awaited with the services'.
     *
     * @return the Prometheus observability-service is to query, if any
     */
    private Optional<URI> startPrometheus(Kubernetes kubernetes) throws IOException {
        if (options.prometheus().isEmpty()) {
            progress.accept("Prometheus      none: the metrics calls answer that no Prometheus is configured");
            return Optional.empty();
        }
        if (options.prometheus().get() instanceof PlatformOptions.Prometheus.External external) {
            progress.accept("Prometheus      " + external.url() + " (external)");
            return Optional.of(external.url());
        }
        Path binary = ((PlatformOptions.Prometheus.Started) options.prometheus().get()).binary();
        Map<String, URI> targets = new LinkedHashMap<>();
        for (PavedService service : PavedService.values()) {
            targets.put(service.moduleName(), urlOf(service));
        }
        Path configFile = runDirectory().resolve("prometheus.yml");
        Files.writeString(configFile, LocalPrometheus.configuration(targets, kubernetes.metricsUrl().map(URI::create)));
        Path tsdb = Files.createDirectories(options.prometheusDataDirectory());
        URI url = LocalPrometheus.url(options.ports().prometheus());
        keep(ServiceProcess.start(LocalPrometheus.NAME,
                LocalPrometheus.command(binary, configFile, tsdb, options.ports().prometheus()), Map.of(), tsdb,
                options.logDirectory().resolve(LocalPrometheus.NAME + ".log"), LocalPrometheus.readinessUrl(url)));
        progress.accept("Prometheus      " + url + " (" + binary + ", scraping every "
                + LocalPrometheus.SCRAPE_INTERVAL.toSeconds() + " s; data in " + tsdb + ")");
        return Optional.of(url);
    }

    private static ClusterSimulator startSimulator(InProcessKubernetes kubernetes, SimulatorConfig config) {
        try {
            return ClusterSimulator.start(kubernetes, config);
        } catch (IllegalStateException e) {
            throw new LaunchException("the cluster simulator did not start: " + e.getMessage(), e);
        }
    }

    /**
     * The provider, and the services' own clients there for their calls on nobody's behalf (the
     * gateway following the catalog, provisioning publishing golden paths), as each service's
     * environment: registered at the dev issuer, none with another provider (the services then take
     * them from their environment).
     */
    private record Oidc(String issuer, String audience, String groupsClaim, Optional<DevIssuer> devIssuer,
            Map<PavedService, Map<String, String>> serviceClients) {
    }

    /** A fresh secret per run: it lives only in the issuer's memory and the gateway's environment. */
    private static String randomSecret() {
        byte[] bytes = new byte[32];
        new SecureRandom().nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private Oidc startOidc() throws IOException {
        if (options.oidcProvider().isPresent()) {
            OidcProvider provider = options.oidcProvider().get();
            progress.accept("OIDC provider   " + provider.issuer());
            return new Oidc(provider.issuer(), provider.audience(), provider.groupsClaim(), Optional.empty(), Map.of());
        }
        DevIssuer issuer = keep(DevIssuer.start(options.issuerKeyDirectory(), options.ports().issuer()));
        Map<PavedService, Map<String, String>> clients = new EnumMap<>(PavedService.class);
        clients.put(PavedService.GATEWAY, registerClient(issuer, GATEWAY_CLIENT_ID, "PAVED_GATEWAY_CLIENT",
                TokenSpec.user("service-" + GATEWAY_CLIENT_ID)));
        // Provisioning publishes the golden paths to the catalog at startup: a write only admins make.
        clients.put(PavedService.PROVISIONING, registerClient(issuer, PROVISIONING_CLIENT_ID,
                "PAVED_PROVISIONING_CLIENT", TokenSpec.user("service-" + PROVISIONING_CLIENT_ID).role("platform-admin")));
        Files.writeString(options.issuerKeyDirectory().resolve(ISSUER_URL_FILE), issuer.issuerUrl());
        progress.accept("Dev issuer      " + issuer.issuerUrl());
        return new Oidc(issuer.issuerUrl(), TokenSpec.DEFAULT_AUDIENCE, "groups", Optional.of(issuer), clients);
    }

    /** A client with a fresh secret, as the environment variables {@code <prefix>_ID} and {@code <prefix>_SECRET}. */
    private static Map<String, String> registerClient(DevIssuer issuer, String clientId, String prefix,
            TokenSpec token) {
        String secret = randomSecret();
        issuer.registerClient(clientId, secret, token);
        return Map.of(prefix + "_ID", clientId, prefix + "_SECRET", secret);
    }

    /**
     * The configuration every service gets, each taking what it uses. As environment variables it
     * overrides the services' application.properties.
     */
    private Map<String, String> environmentOf(Kubernetes kubernetes, Oidc oidc, Optional<URI> prometheus) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("QUARKUS_HTTP_HOST", LOCAL_HOST);
        environment.put("PAVED_OIDC_ISSUER", oidc.issuer());
        environment.put("PAVED_OIDC_AUDIENCE", oidc.audience());
        environment.put("PAVED_AUTH_GROUPS_CLAIM", oidc.groupsClaim());
        // The Kubernetes client's own settings are fixed when a service is built; it finds the API,
        // in-process or a cluster, through KUBECONFIG like every other Kubernetes tool.
        environment.put("KUBECONFIG", kubernetes.kubeconfig());
        // On its first start the catalog knows the demo team, user and component the demo token speaks for.
        environment.put("PAVED_CATALOG_SEED_TEAM", "demo-team");
        environment.put("PAVED_CATALOG_SEED_USER", "demo");
        environment.put("PAVED_CATALOG_SEED_COMPONENT", "demo-service");
        prometheus.ifPresent(url -> environment.put("PAVED_OBSERVABILITY_METRICS_PROMETHEUS_URL", url.toString()));
        return environment;
    }

    /** Where a replica's services find the backends they call: those of the same replica. */
    private static Map<String, String> backendEnvironmentOf(Ports replica) {
        Map<String, String> environment = new LinkedHashMap<>();
        for (PavedService service : PavedService.values()) {
            if (service != PavedService.GATEWAY) {
                String prefix = "PAVED_" + service.shortName().toUpperCase(Locale.ROOT);
                environment.put(prefix + "_HOST", LOCAL_HOST);
                environment.put(prefix + "_PORT", Integer.toString(service.port(replica)));
            }
        }
        return environment;
    }

    private static Map<String, String> databaseEnvironmentOf(EmbeddedDatabase postgres) {
        Map<String, String> environment = new LinkedHashMap<>();
        environment.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl());
        environment.put("QUARKUS_DATASOURCE_USERNAME", postgres.username());
        if (!postgres.password().isEmpty()) {
            environment.put("QUARKUS_DATASOURCE_PASSWORD", postgres.password());
        }
        // The postgres resource type of deployments makes its databases on the same embedded server.
        environment.put("PAVED_PROVISIONING_RESOURCES_POSTGRES_JDBC_URL", postgres.jdbcUrl());
        environment.put("PAVED_PROVISIONING_RESOURCES_POSTGRES_USERNAME", postgres.username());
        if (!postgres.password().isEmpty()) {
            environment.put("PAVED_PROVISIONING_RESOURCES_POSTGRES_PASSWORD", postgres.password());
        }
        return environment;
    }

    /** Starts those services of one replica (counted from 1) that {@code which} selects. */
    private void startServices(int replica, Predicate<PavedService> which, Map<String, String> sharedEnvironment,
            Map<PavedService, Map<String, String>> serviceClients, Path agentJar) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> started = new ArrayList<>();
        for (PavedService service : PavedService.values()) {
            if (which.test(service)) {
                started.add(startService(service, replica, options.replicaPorts().get(replica - 1), java,
                        sharedEnvironment, serviceClients, agentJar));
            }
        }
        progress.accept("Starting        " + String.join(", ", started) + " (logs in " + options.logDirectory()
                + ")");
    }

    /** Starts one replica of a service; answers its name in logs and messages. */
    private String startService(PavedService service, int replica, Ports ports, String java,
            Map<String, String> sharedEnvironment, Map<PavedService, Map<String, String>> serviceClients,
            Path agentJar) throws IOException {
        String name = processName(service, replica);
        List<String> command = new ArrayList<>();
        command.add(java);
        command.addAll(options.jvmOptionsOf(service));
        // The archive names the jar and its libraries relative to the application's directory, and
        // the JVM uses it only when started there with that very jar.
        Path applicationDirectory = service.runnerJar(options.root()).getParent();
        if (Files.isRegularFile(service.classArchive(options.root()))) {
            command.add("-XX:SharedArchiveFile=" + service.classArchive(options.root()).getFileName());
        }
        command.add(LauncherWatch.agentOption(agentJar));
        // The jar is named relative to its directory, so this is what tells the services apart in ps.
        command.add("-Dpaved.service=" + name);
        command.add("-jar");
        command.add(service.runnerJar(options.root()).getFileName().toString());
        Map<String, String> environment = new LinkedHashMap<>(sharedEnvironment);
        environment.putAll(backendEnvironmentOf(ports));
        String jdbcUrl = environment.get("QUARKUS_DATASOURCE_JDBC_URL");
        if (jdbcUrl != null) {
            // pg_stat_activity (and so a test) tells apart the connections of each replica.
            environment.put("QUARKUS_DATASOURCE_JDBC_URL", jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?")
                    + "ApplicationName=" + name);
        }
        environment.put("QUARKUS_HTTP_PORT", Integer.toString(service.port(ports)));
        if (service == PavedService.CATALOG) {
            environment.put("PAVED_CATALOG_LOCATIONS_CACHE_DIR", options.gitCacheDirectory(name).toString());
        }
        environment.putAll(serviceClients.getOrDefault(service, Map.of()));
        writeEnvironmentFile(name, environment);
        // The build's application directory holds no .env or config/, so none of a checkout leaks in.
        keep(ServiceProcess.start(name, command, environment, applicationDirectory,
                options.logDirectory().resolve(name + ".log"), urlOf(service, ports).resolve("/q/health/ready")));
        return name;
    }

    /** The first replica goes by the module's name, further ones by {@code <module>-<replica>}. */
    private static String processName(PavedService service, int replica) {
        return replica == 1 ? service.moduleName() : service.moduleName() + "-" + replica;
    }

    /**
     * {@code run/<service>.env}: the configuration the service was given, so that it can be run
     * alone the same way, e.g. under a debugger after stopping the launched one.
     */
    private void writeEnvironmentFile(String name, Map<String, String> environment) throws IOException {
        StringBuilder text = new StringBuilder();
        environment.forEach((key, value) -> text.append(key).append('=').append(value).append('\n'));
        Files.writeString(runDirectory().resolve(name + ".env"), text);
    }

    private void awaitServicesReady() {
        Instant deadline = Instant.now().plus(options.readyTimeout());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        for (ServiceProcess service : services) {
            service.awaitReady(http, deadline);
        }
    }

    private Map<PavedService, URI> serviceUrls() {
        Map<PavedService, URI> urls = new EnumMap<>(PavedService.class);
        for (PavedService service : PavedService.values()) {
            urls.put(service, urlOf(service));
        }
        return urls;
    }

    private URI urlOf(PavedService service) {
        return urlOf(service, options.ports());
    }

    private static URI urlOf(PavedService service, Ports ports) {
        return URI.create("http://" + LOCAL_HOST + ":" + service.port(ports));
    }

    private Path runDirectory() {
        return options.dataDirectory().resolve("run");
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception alreadyGone) {
            // Stopping is best effort: the process may already have ended with the terminal's Ctrl-C.
        }
    }

    private static String rootMessage(Throwable throwable) {
        Throwable root = throwable;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
