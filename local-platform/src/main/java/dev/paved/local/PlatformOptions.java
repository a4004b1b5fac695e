package dev.paved.local;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.paved.local.simulator.SimulatorConfig;

/**
 * How to run a local platform.
 *
 * @param root              the repository root, where each service's packaged application lies
 * @param dataDirectory     what survives restarts: PostgreSQL's data, the dev issuer's key, logs
 * @param ports             where everything listens
 * @param clusterKubeconfig a {@code KUBECONFIG} value naming a real cluster, or empty for the in-process API
 * @param oidcProvider      an OIDC provider to trust, or empty for the dev issuer
 * @param serviceJvmOptions options of every service's JVM, or empty for each service's defaults
 * @param readyTimeout      how long a service may take to become ready
 * @param simulator         how the cluster simulator runs on the in-process Kubernetes API, or empty for no
 *                          simulator (pods then stay Pending); unused with a cluster
 * @param serviceProperties configuration every service gets as system properties
 * @param prometheus        the Prometheus observability-service answers PromQL from, or empty for none (the
 *                          metrics calls then answer that no Prometheus is configured)
 * @param furtherReplicas   the ports of each further replica of the four services, which share the one
 *                          PostgreSQL, Kubernetes API and issuer (only the service ports of each are used);
 *                          empty for one replica of each
 */
public record PlatformOptions(Path root, Path dataDirectory, Ports ports, Optional<String> clusterKubeconfig,
        Optional<OidcProvider> oidcProvider, List<String> serviceJvmOptions, Duration readyTimeout,
        Optional<SimulatorConfig> simulator, Map<String, String> serviceProperties, Optional<Prometheus> prometheus,
        List<Ports> furtherReplicas) {

    /** An OIDC provider such as Keycloak or Dex, and where its tokens carry the caller's groups. */
    public record OidcProvider(String issuer, String audience, String groupsClaim) {
    }

    /** Where the platform's Prometheus comes from. */
    public sealed interface Prometheus {

        /**
         * One the launcher runs from this binary, on its port and with its data in the data directory,
         * scraping the services and the cluster simulator.
         */
        record Started(Path binary) implements Prometheus {
        }

        /** One that runs elsewhere, at this base URL of its HTTP API; the launcher starts none. */
        record External(URI url) implements Prometheus {
        }
    }

    public PlatformOptions {
        root = root.toAbsolutePath().normalize();
        dataDirectory = dataDirectory.toAbsolutePath().normalize();
        serviceJvmOptions = List.copyOf(serviceJvmOptions);
        serviceProperties = Map.copyOf(serviceProperties);
        furtherReplicas = List.copyOf(furtherReplicas);
    }

    /**
     * The default ports, the in-process Kubernetes API with the cluster simulator at its fast default
     * pace ({@link SimulatorConfig#defaults()}), and the dev issuer.
     */
    public static PlatformOptions local(Path root, Path dataDirectory) {
        return new PlatformOptions(root, dataDirectory, Ports.defaults(), Optional.empty(), Optional.empty(),
                List.of(), Duration.ofSeconds(120), Optional.of(SimulatorConfig.defaults()), Map.of(), Optional.empty(),
                List.of());
    }

    public PlatformOptions withPorts(Ports newPorts) {
        return new PlatformOptions(root, dataDirectory, newPorts, clusterKubeconfig, oidcProvider, serviceJvmOptions,
                readyTimeout, simulator, serviceProperties, prometheus, furtherReplicas);
    }

    public PlatformOptions withCluster(String kubeconfig) {
        return new PlatformOptions(root, dataDirectory, ports, Optional.of(kubeconfig), oidcProvider,
                serviceJvmOptions, readyTimeout, simulator, serviceProperties, prometheus, furtherReplicas);
    }

    public PlatformOptions withOidcProvider(OidcProvider provider) {
        return new PlatformOptions(root, dataDirectory, ports, clusterKubeconfig, Optional.of(provider),
                serviceJvmOptions, readyTimeout, simulator, serviceProperties, prometheus, furtherReplicas);
    }

    public PlatformOptions withServiceJvmOptions(List<String> options) {
        return new PlatformOptions(root, dataDirectory, ports, clusterKubeconfig, oidcProvider, options,
                readyTimeout, simulator, serviceProperties, prometheus, furtherReplicas);
    }

    public PlatformOptions withReadyTimeout(Duration timeout) {
        return new PlatformOptions(root, dataDirectory, ports, clusterKubeconfig, oidcProvider, serviceJvmOptions,
                timeout, simulator, serviceProperties, prometheus, furtherReplicas);
    }

    public PlatformOptions withSimulator(SimulatorConfig config) {
        return new PlatformOptions(root, dataDirectory, ports, clusterKubeconfig, oidcProvider, serviceJvmOptions,
                readyTimeout, Optional.of(config), serviceProperties, prometheus, furtherReplicas);
    }

    /** The in-process Kubernetes API stores objects and nothing runs them. */
    public PlatformOptions withoutSimulator() {
        return new PlatformOptions(root, dataDirectory, ports, clusterKubeconfig, oidcProvider, serviceJvmOptions,
                readyTimeout, Optional.empty(), serviceProperties, prometheus, furtherReplicas);
    }

    /** Adds configuration every service gets (tests point services at servers they start). */
    public PlatformOptions withServiceProperty(String key, String value) {
        Map<String, String> properties = new java.util.TreeMap<>(serviceProperties);
        properties.put(key, value);
        return new PlatformOptions(root, dataDirectory, ports, clusterKubeconfig, oidcProvider, serviceJvmOptions,
                readyTimeout, simulator, properties, prometheus, furtherReplicas);
    }

    public PlatformOptions withPrometheus(Prometheus newPrometheus) {
        return new PlatformOptions(root, dataDirectory, ports, clusterKubeconfig, oidcProvider, serviceJvmOptions,
                readyTimeout, simulator, serviceProperties, Optional.of(newPrometheus), furtherReplicas);
    }

    /**
     * Runs further replicas of every service, one per given {@link Ports} (only its service ports are
     * used): each replica's gateway calls the backends of the same replica, and all share the one
     * PostgreSQL, Kubernetes API and issuer.
     */
    public PlatformOptions withFurtherReplicas(List<Ports> replicas) {
        return new PlatformOptions(root, dataDirectory, ports, clusterKubeconfig, oidcProvider, serviceJvmOptions,
                readyTimeout, simulator, serviceProperties, prometheus, replicas);
    }

    /** The ports of every replica of the services, the first being {@link #ports()}. */
    public List<Ports> replicaPorts() {
        List<Ports> all = new java.util.ArrayList<>();
        all.add(ports);
        all.addAll(furtherReplicas);
        return all;
    }

    /** The JVM options a service runs with: those given for every service, else its own defaults. */
    public List<String> jvmOptionsOf(PavedService service) {
        List<String> options = new java.util.ArrayList<>(serviceJvmOptions.isEmpty() ? service.defaultJvmOptions()
                : serviceJvmOptions);
        serviceProperties.forEach((key, value) -> options.add("-D" + key + "=" + value));
        return options;
    }

    /** Where the in-process Kubernetes API's kubeconfig is written (and .paved/local.env points KUBECONFIG). */
    public Path inProcessKubeconfig() {
        return dataDirectory.resolve("kubeconfig");
    }

    /** Where the in-process Kubernetes API keeps its objects across restarts. */
    public Path kubernetesStoreDirectory() {
        return dataDirectory.resolve("kubernetes");
    }

    /**
     * Where one replica of the catalog keeps the Git repositories it fetched: each its own, as each pod
     * has its own, since a replica removes repositories to keep its cache within its size.
     */
    public Path gitCacheDirectory(String processName) {
        return dataDirectory.resolve("git-cache").resolve(processName);
    }

    public Path logDirectory() {
        return dataDirectory.resolve("logs");
    }

    public Path issuerKeyDirectory() {
        return dataDirectory.resolve("issuer");
    }

    /** Where a Prometheus the launcher starts keeps its TSDB across restarts. */
    public Path prometheusDataDirectory() {
        return dataDirectory.resolve("prometheus");
    }
}
