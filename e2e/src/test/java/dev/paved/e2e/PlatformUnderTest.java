package dev.paved.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;

import dev.paved.local.DevIssuer;
import dev.paved.local.PavedService;
import dev.paved.local.PlatformLauncher;
import dev.paved.local.PlatformOptions;
import dev.paved.local.Ports;
import dev.paved.local.RunningPlatform;
import dev.paved.local.TokenSpec;
import dev.paved.sdk.ApiClient;
import dev.paved.testing.contract.ContractCheckingHttpClient;
import dev.paved.testing.contract.OpenApiContract;
import dev.paved.testing.registry.OciRegistryServer;
import io.grpc.CallCredentials;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;

/**
 * The whole platform as the end-to-end tests drive it: the four packaged services on free ports,
 * over an embedded PostgreSQL, the in-process Kubernetes API and the dev issuer, with temporary
 * data under {@code e2e/target/platform-<pid>} (its {@code logs/} say what each service did).
 */
public final class PlatformUnderTest implements AutoCloseable {

    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
            Metadata.ASCII_STRING_MARSHALLER);
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final String DATA_PREFIX = "platform-";
    /** Under the data directory: the only place the catalog reads file:// Git locations from. */
    private static final String GIT_REPOSITORIES = "git-repositories";

    private final PlatformLauncher launcher;
    private final RunningPlatform running;
    private final DevIssuer issuer;
    private final ManagedChannel grpc;
    private final OpenApiContract contract;
    private final HttpClient http;
    private final OciRegistryServer registry;
    private final Path root;
    private final Path gitRepositories;

    private PlatformUnderTest(PlatformLauncher launcher, RunningPlatform running, OpenApiContract contract,
            OciRegistryServer registry, Path root, Path gitRepositories) {
        this.launcher = launcher;
        this.root = root;
        this.gitRepositories = gitRepositories;
        this.registry = registry;
        this.running = running;
        this.issuer = running.devIssuer().orElseThrow();
        URI gateway = running.gatewayUrl();
        this.grpc = NettyChannelBuilder.forAddress(gateway.getHost(), gateway.getPort()).usePlaintext().build();
        this.contract = contract;
        this.http = ContractCheckingHttpClient.wrap(HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build(),
                contract);
    }

    static PlatformUnderTest start() {
        return start(UnaryOperator.identity());
    }

    /**
     * A platform of its own, started with the usual test options changed by {@code adjustment} (e.g.
     * further replicas); the caller closes it. Only one may run per test JVM, since its data directory
     * is named for the JVM.
     */
    public static PlatformUnderTest start(UnaryOperator<PlatformOptions> adjustment) {
        // A real OCI registry the platform may deploy from and resolve digests in, where it is installed.
        OciRegistryServer registry = OciRegistryServer.installed() ? OciRegistryServer.start() : null;
        Path root = Path.of(System.getProperty("paved.root", "..")).toAbsolutePath().normalize();
        OpenApiContract contract = OpenApiContract.of(root.resolve("openapi/platform-v1.yaml"));
        Path runs = root.resolve("e2e/target");
        // A directory per test JVM: runs in the same checkout do not share data.
        Path data = runs.resolve(DATA_PREFIX + ProcessHandle.current().pid());
        Path gitRepositories = data.resolve(GIT_REPOSITORIES);
        PlatformOptions options;
        try {
            deleteEndedRuns(runs);
            Files.createDirectories(gitRepositories);
            options = PlatformOptions.local(root, data).withPorts(Ports.free()).withReadyTimeout(READY_TIMEOUT)
                    .withServiceProperty("paved.catalog.locations.file-roots", gitRepositories.toString());
            if (registry != null) {
                options = options.withServiceProperty("paved.provisioning.deployments.guardrails.allowed-registries",
                        "registry.example.com,ghcr.io,docker.io,quay.io," + registry.host());
            }
            options = adjustment.apply(options);
        } catch (IOException e) {
            throw new UncheckedIOException("the platform's data directory " + data + " cannot be prepared", e);
        }
        PlatformLauncher launcher = new PlatformLauncher(options,
                line -> System.out.println("[platform under test] " + line));
        RunningPlatform running = launcher.start();
        System.out.printf("[platform under test] ready in %.1f s, gateway %s%n", running.readyIn().toMillis() / 1000.0,
                running.gatewayUrl());
        return new PlatformUnderTest(launcher, running, contract, registry, root, gitRepositories);
    }

    /**
     * The OCI registry beside the platform (its images pass the guardrails); skips the calling test,
     * or fails it in CI, when docker-registry is not installed.
     */
    public OciRegistryServer registry() {
        if (registry == null) {
            OciRegistryServer.requireInstalled();
        }
        return registry;
    }

    /** The contract every answer is held against, for answers another client received. */
    public OpenApiContract contract() {
        return contract;
    }

    /** The repository checkout the platform was built from. */
    public Path root() {
        return root;
    }

    /** The directory the catalog reads file:// Git locations from; tests create their repositories here. */
    public Path gitRepositories() {
        return gitRepositories;
    }

    /** The gateway's base URL. */
    public URI gatewayUrl() {
        return running.gatewayUrl();
    }

    /** Every address of the running platform: the services behind the gateway, Kubernetes, PostgreSQL. */
    public RunningPlatform running() {
        return running;
    }

    /** A token of the dev issuer that every service trusts. */
    public String token(TokenSpec spec) {
        return issuer.mint(spec);
    }

    /**
     * An HTTP client for requests the SDK cannot make (other content types, SSE, raw headers): like
     * the SDK's, it fails the test on any answer that does not match the contract.
     */
    public HttpClient http() {
        return http;
    }

    /** A POST of {@code body} to the gateway's {@code path} with the caller's bearer token, through {@link #http()}. */
    public HttpResponse<String> post(String path, String token, String contentType, String body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(gatewayUrl() + path))
                .header("Authorization", "Bearer " + token).header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The generated SDK pointed at the gateway, without a token; every answer is held against the contract. */
    public ApiClient sdk() {
        return sdk(running.gatewayUrl());
    }

    /** The generated SDK pointed at this gateway (one of {@link RunningPlatform#gatewayUrls()}), without a token. */
    public ApiClient sdk(URI gateway) {
        ApiClient client = new ApiClient();
        client.setHttpClientBuilder(ContractCheckingHttpClient.builder(HttpClient.newBuilder(), contract));
        client.setScheme(gateway.getScheme()).setHost(gateway.getHost()).setPort(gateway.getPort());
        client.setReadTimeout(Duration.ofSeconds(30));
        return client;
    }

    /** The generated SDK pointed at the gateway, sending the token on every request. */
    public ApiClient sdk(String token) {
        return sdk().setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
    }

    /**
     * The process of one replica of a service (counted from 1), e.g. to kill it.
     *
     * @throws IllegalArgumentException when the platform runs no such replica
     */
    public Process processOf(PavedService service, int replica) {
        return launcher.processOf(service, replica);
    }

    /** A plaintext gRPC channel to the gateway, shared by all tests; stubs add their credentials. */
    public ManagedChannel grpc() {
        return grpc;
    }

    /** Sends the token on a gRPC call: {@code stub.withCallCredentials(PlatformUnderTest.bearer(token))}. */
    public static CallCredentials bearer(String token) {
        return new CallCredentials() {
            @Override
            public void applyRequestMetadata(RequestInfo requestInfo, Executor executor, MetadataApplier applier) {
                Metadata headers = new Metadata();
                headers.put(AUTHORIZATION, "Bearer " + token);
                applier.apply(headers);
            }
        };
    }

    @Override
    public void close() {
        grpc.shutdownNow();
        try {
            grpc.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        launcher.close();
        if (registry != null) {
            registry.close();
        }
    }

    /** The data of runs whose test JVM has ended; one that was killed may have left its PostgreSQL running. */
    private static void deleteEndedRuns(Path runs) throws IOException {
        if (!Files.isDirectory(runs)) {
            return;
        }
        List<Path> ended;
        try (Stream<Path> children = Files.list(runs)) {
            ended = children.filter(child -> child.getFileName().toString().matches(DATA_PREFIX + "\\d+"))
                    .filter(child -> ProcessHandle.of(Long.parseLong(
                            child.getFileName().toString().substring(DATA_PREFIX.length()))).isEmpty())
                    .toList();
        }
        for (Path data : ended) {
            PlatformLauncher.reclaimDataDirectory(data);
            deleteRecursively(data);
        }
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
