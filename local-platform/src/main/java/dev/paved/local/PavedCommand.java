package dev.paved.local;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

import dev.paved.local.PlatformOptions.OidcProvider;
import dev.paved.local.simulator.SimulatorConfig;

/** {@code ./paved up} and {@code ./paved token}: the local platform from the command line. */
public final class PavedCommand {

    static final int FAILED = 1;
    static final int USAGE = 2;

    private static final String USAGE_TEXT = """
            Usage:
              ./paved up [--data DIR] [--kubeconfig FILE] [--port-base N] [--no-simulator]
                         [--prometheus URL] [--oidc-issuer URL [--oidc-audience AUD] [--groups-claim PATH]]
                  Starts PostgreSQL, a Kubernetes API with a cluster simulator that runs what Paved
                  deploys (unless KUBECONFIG or --kubeconfig names a cluster), the dev OIDC issuer
                  (unless --oidc-issuer), Prometheus if it is on the PATH (apt-get install prometheus)
                  and the four services.
                  --data DIR       what survives restarts (default .paved/data)
                  --port-base N    gateway on N, everything else moved alike (default 8080)
                  --no-simulator   the in-process Kubernetes API stores workloads, runs no pods
                  --prometheus URL PromQL from that Prometheus; none is started
                  PAVED_SERVICE_JVM_OPTIONS replaces the services' JVM options
                  (default: %s).
              ./paved token --user NAME [--team TEAM]... [--role ROLE]... [--data DIR]
                  Prints one token of the dev issuer, valid for an hour.
            """.formatted(defaultJvmOptions());
    private static final String SERVICE_JVM_OPTIONS_VARIABLE = "PAVED_SERVICE_JVM_OPTIONS";
    private static final String NO_SIMULATOR = "no-simulator";
    private static final Duration DEMO_TOKEN_TTL = Duration.ofHours(12);

    private final Path root;
    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> environment;

    PavedCommand(Path root, PrintStream out, PrintStream err, Map<String, String> environment) {
        this.root = root;
        this.out = out;
        this.err = err;
        this.environment = environment;
    }

    public static void main(String[] args) {
        quietLibraryLogging();
        Path root = Path.of(System.getProperty("paved.root", "")).toAbsolutePath().normalize();
        int status = new PavedCommand(root, System.out, System.err, System.getenv()).run(List.of(args));
        if (status != 0) {
            System.exit(status);
        }
    }

    /** The launcher's libraries log through SLF4J (no provider here) and JUL; only warnings matter. */
    private static void quietLibraryLogging() {
        System.setProperty("slf4j.internal.verbosity", "ERROR");
        Logger.getLogger("").setLevel(Level.WARNING);
    }

    int run(List<String> args) {
        if (args.isEmpty() || List.of("help", "-h", "--help").contains(args.get(0))) {
            (args.isEmpty() ? err : out).print(USAGE_TEXT);
            return args.isEmpty() ? USAGE : 0;
        }
        try {
            List<String> options = args.subList(1, args.size());
            return switch (args.get(0)) {
                case "up" -> up(Arguments.parse(options, List.of(NO_SIMULATOR), "data", "kubeconfig", "oidc-issuer",
                        "oidc-audience", "groups-claim", "port-base", "prometheus"));
                case "token" -> token(Arguments.parse(options, List.of(), "user", "team", "role", "data"));
                default -> throw new UsageException("unknown command '" + args.get(0) + "'");
            };
        } catch (UsageException e) {
            err.println("paved: " + e.getMessage() + " (see ./paved help)");
            return USAGE;
        }
    }

    private int up(Arguments arguments) {
        PlatformOptions options = upOptions(arguments);
        PlatformLauncher launcher = new PlatformLauncher(options, line -> out.println("  " + line));
        AtomicBoolean stopRequested = new AtomicBoolean();
        Thread shutdown = new Thread(() -> {
            stopRequested.set(true);
            out.println("Stopping Paved...");
            launcher.close();
            out.println("Stopped.");
        }, "paved-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        out.println("Starting Paved (data in " + display(options.dataDirectory()) + ")");
        try {
            RunningPlatform platform = launcher.start();
            Optional<String> demoToken = platform.devIssuer()
                    .map(issuer -> issuer.mint(TokenSpec.user("demo").team("demo-team").ttl(DEMO_TOKEN_TTL)));
            Path localEnv = writeLocalEnv(platform, demoToken);
            printReady(platform, options, demoToken, localEnv);
            launcher.awaitStop();
            return 0;
        } catch (LaunchException e) {
            if (stopRequested.get()) {
                // Ctrl-C or SIGTERM while starting: not a failure, and the shutdown hook says so.
                return 0;
            }
            Runtime.getRuntime().removeShutdownHook(shutdown);
            launcher.close();
            reportFailure(e);
            return FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        }
    }

    /** What {@code up}'s options and environment ask for. */
    PlatformOptions upOptions(Arguments arguments) {
        PlatformOptions options = PlatformOptions.local(root, dataDirectory(arguments));
        Optional<Integer> portBase = arguments.integer("port-base");
        if (portBase.isPresent()) {
            try {
                options = options.withPorts(Ports.shiftedTo(portBase.get()));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        }
        Optional<String> cluster = clusterKubeconfig(arguments, options.inProcessKubeconfig());
        if (cluster.isPresent()) {
            options = options.withCluster(cluster.get());
        }
        Optional<OidcProvider> provider = oidcProvider(arguments);
        if (provider.isPresent()) {
            options = options.withOidcProvider(provider.get());
        }
        Optional<PlatformOptions.Prometheus> prometheus = prometheus(arguments);
        if (prometheus.isPresent()) {
            options = options.withPrometheus(prometheus.get());
        }
        String jvmOptions = environment.getOrDefault(SERVICE_JVM_OPTIONS_VARIABLE, "").trim();
        if (!jvmOptions.isEmpty()) {
            options = options.withServiceJvmOptions(List.of(jvmOptions.split("\\s+")));
        }
        // A developer watching a rollout sees it at a real cluster's pace, unlike the tests.
        return arguments.flag(NO_SIMULATOR) ? options.withoutSimulator()
                : options.withSimulator(SimulatorConfig.realistic());
    }

    private int token(Arguments arguments) {
        String user = arguments.single("user").orElseThrow(() -> new UsageException("token needs --user NAME"));
        TokenSpec spec = TokenSpec.user(user);
        for (String team : arguments.all("team")) {
            spec = spec.team(team);
        }
        for (String role : arguments.all("role")) {
            spec = spec.role(role);
        }
        Path keyDirectory = dataDirectory(arguments).resolve("issuer");
        try {
            Path issuerUrlFile = keyDirectory.resolve(PlatformLauncher.ISSUER_URL_FILE);
            String issuerUrl = Files.isRegularFile(issuerUrlFile) ? Files.readString(issuerUrlFile).trim()
                    : "http://127.0.0.1:" + Ports.defaults().issuer();
            out.println(DevIssuer.offline(keyDirectory, issuerUrl).mint(spec));
            return 0;
        } catch (IOException e) {
            err.println("paved: " + e.getMessage());
            return FAILED;
        }
    }

    private Path dataDirectory(Arguments arguments) {
        return arguments.single("data").map(Path::of).orElse(root.resolve(".paved/data")).toAbsolutePath();
    }

    /**
     * A cluster named by --kubeconfig, or by KUBECONFIG in the environment; none means the in-process API.
     * A KUBECONFIG naming {@code inProcessKubeconfig}, as a shell that sourced .paved/local.env of an earlier
     * run has it, names that run's in-process API, so it means the in-process API again.
     */
    Optional<String> clusterKubeconfig(Arguments arguments, Path inProcessKubeconfig) {
        Optional<String> flag = arguments.single("kubeconfig");
        if (flag.isPresent()) {
            Path file = Path.of(flag.get()).toAbsolutePath();
            if (!Files.isReadable(file)) {
                throw new UsageException("--kubeconfig " + flag.get() + " is not a readable file");
            }
            return Optional.of(file.toString());
        }
        return Optional.ofNullable(environment.get("KUBECONFIG")).filter(value -> !value.isBlank())
                .filter(value -> !Path.of(value).toAbsolutePath().normalize().equals(inProcessKubeconfig.normalize()));
    }

    /** The Prometheus of --prometheus, else one started from the binary on the PATH, else none. */
    private Optional<PlatformOptions.Prometheus> prometheus(Arguments arguments) {
        Optional<String> external = arguments.single("prometheus");
        if (external.isPresent()) {
            return Optional.of(new PlatformOptions.Prometheus.External(httpUrl("--prometheus", external.get())));
        }
        return LocalPrometheus.findOnPath(environment.get("PATH")).map(PlatformOptions.Prometheus.Started::new);
    }

    private static URI httpUrl(String option, String value) {
        URI url;
        try {
            url = URI.create(value);
        } catch (IllegalArgumentException e) {
            url = null;
        }
        if (url == null || url.getHost() == null || !List.of("http", "https").contains(url.getScheme())) {
            throw new UsageException(option + " must be an http(s) URL, was '" + value + "'");
        }
        return url;
    }

    private static Optional<OidcProvider> oidcProvider(Arguments arguments) {
        Optional<String> issuer = arguments.single("oidc-issuer");
        if (issuer.isEmpty()) {
            for (String dependent : List.of("oidc-audience", "groups-claim")) {
                if (arguments.single(dependent).isPresent()) {
                    throw new UsageException("--" + dependent + " goes with --oidc-issuer");
                }
            }
            return Optional.empty();
        }
        httpUrl("--oidc-issuer", issuer.get());
        return Optional.of(new OidcProvider(issuer.get(),
                arguments.single("oidc-audience").orElse(TokenSpec.DEFAULT_AUDIENCE),
                arguments.single("groups-claim").orElse("groups")));
    }

    /**
     * {@code .paved/local.env}: {@code export KEY=value} lines, so that {@code source .paved/local.env}
     * hands the values to the shell and to the tools it starts (kubectl reads KUBECONFIG).
     */
    private Path writeLocalEnv(RunningPlatform platform, Optional<String> demoToken) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("PAVED_URL", platform.gatewayUrl().toString());
        values.put("PAVED_GRPC", platform.grpcTarget());
        values.put("PAVED_TOKEN", demoToken.orElse(""));
        values.put("KUBECONFIG", platform.kubeconfig());
        platform.prometheusUrl().ifPresent(url -> values.put("PAVED_PROMETHEUS_URL", url.toString()));
        StringBuilder text = new StringBuilder("# Written by ./paved up; valid while it runs.\n");
        values.forEach((key, value) -> text.append("export ").append(key).append('=').append(shellQuoted(value))
                .append('\n'));
        Path file = root.resolve(".paved/local.env");
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
            restrictToOwner(file);
        } catch (IOException e) {
            throw new LaunchException("cannot write " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    private static String shellQuoted(String value) {
        return value.matches("[A-Za-z0-9_./:@%+=,-]*") ? value : "'" + value.replace("'", "'\\''") + "'";
    }

    /** The file holds a token. */
    private static void restrictToOwner(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException notPosix) {
            // Not a POSIX file system: nothing to restrict.
        }
    }

    private void printReady(RunningPlatform platform, PlatformOptions options, Optional<String> demoToken,
            Path localEnv) {
        URI gateway = platform.gatewayUrl();
        out.printf("%nPaved is ready (%.1f s).%n%n", platform.readyIn().toMillis() / 1000.0);
        out.println("  REST         " + gateway + "/api/v1");
        out.println("  gRPC         " + platform.grpcTarget() + " (plaintext)");
        out.println("  Swagger UI   " + gateway + "/q/swagger-ui");
        out.println("  OpenAPI      " + gateway + "/q/openapi");
        List<String> services = new ArrayList<>();
        for (PavedService service : PavedService.values()) {
            if (service != PavedService.GATEWAY) {
                services.add(service.shortName() + " :" + platform.serviceUrls().get(service).getPort());
            }
        }
        out.println("  Services     " + String.join("  ", services));
        out.println("  Kubernetes   " + platform.kubernetesUrl().map(url -> url + " (in-process)")
                .orElse("the cluster of KUBECONFIG") + ", KUBECONFIG=" + platform.kubeconfig());
        platform.clusterMetricsUrl().ifPresent(url -> out.println("  Simulator    runs what Paved deploys; "
                + "container metrics at " + url));
        out.println("  Prometheus   " + describePrometheus(platform, options));
        out.println("  Logs         " + display(platform.logDirectory()));
        out.println("  Environment  " + display(localEnv) + " (PAVED_URL, PAVED_GRPC, PAVED_TOKEN, KUBECONFIG"
                + (platform.prometheusUrl().isPresent() ? ", PAVED_PROMETHEUS_URL)" : ")"));
        out.println();
        if (demoToken.isPresent()) {
            out.println("A token for user 'demo' of team 'demo-team' (" + DEMO_TOKEN_TTL.toHours()
                    + " h; more with ./paved token --user NAME --team TEAM):");
            out.println(demoToken.get());
            out.println();
        } else {
            out.println("Tokens come from " + platform.oidcIssuer() + "; PAVED_TOKEN is left empty.");
            out.println();
        }
        out.println("Try it:");
        out.println("  source " + display(localEnv));
        out.println("  curl -H \"Authorization: Bearer $PAVED_TOKEN\" $PAVED_URL/api/v1/me");
        out.println();
        out.println("Ctrl-C stops everything.");
    }

    private static String describePrometheus(RunningPlatform platform, PlatformOptions options) {
        if (platform.prometheusUrl().isEmpty()) {
            return "none (apt-get install prometheus, or --prometheus URL); metrics queries answer "
                    + "PROMETHEUS_NOT_CONFIGURED";
        }
        return platform.prometheusUrl().get() + (options.prometheus().orElseThrow()
                instanceof PlatformOptions.Prometheus.External ? " (external)"
                : " (scrapes the services' /q/metrics" + (platform.clusterMetricsUrl().isPresent()
                        ? " and the simulator's containers)" : ")"));
    }

    private void reportFailure(LaunchException failure) {
        err.println("paved: " + failure.getMessage());
        for (String line : failure.details()) {
            err.println("  | " + line);
        }
    }

    /** A path as the user would type it: relative when it lies under the working directory. */
    private static String display(Path path) {
        Path workingDirectory = Path.of("").toAbsolutePath();
        return path.startsWith(workingDirectory) && !path.equals(workingDirectory)
                ? workingDirectory.relativize(path).toString()
                : path.toString();
    }

    /** A mistake in the command line. */
    static final class UsageException extends RuntimeException {

        UsageException(String message) {
            super(message);
        }
    }

    /** {@code --name value} pairs, where a name may repeat, and {@code --flag}s, which take no value. */
    record Arguments(Map<String, List<String>> values) {

        static Arguments parse(List<String> args, List<String> flags, String... allowedNames) {
            List<String> allowed = List.of(allowedNames);
            Map<String, List<String>> values = new LinkedHashMap<>();
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                if (!arg.startsWith("--") || arg.length() == 2) {
                    throw new UsageException("unexpected argument '" + arg + "'");
                }
                int equals = arg.indexOf('=');
                String name = equals < 0 ? arg.substring(2) : arg.substring(2, equals);
                if (flags.contains(name)) {
                    if (equals >= 0) {
                        throw new UsageException("--" + name + " takes no value");
                    }
                    values.computeIfAbsent(name, key -> new ArrayList<>()).add("true");
                    continue;
                }
                if (!allowed.contains(name)) {
                    throw new UsageException("unknown option --" + name);
                }
                String value;
                if (equals >= 0) {
                    value = arg.substring(equals + 1);
                } else if (i + 1 < args.size() && !args.get(i + 1).startsWith("--")) {
                    value = args.get(++i);
                } else {
                    value = "";
                }
                if (value.isBlank()) {
                    throw new UsageException("--" + name + " needs a value");
                }
                values.computeIfAbsent(name, key -> new ArrayList<>()).add(value);
            }
            return new Arguments(values);
        }

        boolean flag(String name) {
            return values.containsKey(name);
        }

        List<String> all(String name) {
            return values.getOrDefault(name, List.of());
        }

        Optional<String> single(String name) {
            List<String> given = all(name);
            if (given.size() > 1) {
                throw new UsageException("--" + name + " may be given once");
            }
            return given.stream().findFirst();
        }

        Optional<Integer> integer(String name) {
            try {
                return single(name).map(Integer::parseInt);
            } catch (NumberFormatException e) {
                throw new UsageException("--" + name + " must be a number");
            }
        }
    }

    private static String defaultJvmOptions() {
        return Arrays.stream(PavedService.values())
                .map(service -> service.moduleName() + " " + String.join(" ", service.defaultJvmOptions()))
                .collect(Collectors.joining(";\n                "));
    }
}
