package dev.paved.local;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

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
 */
public record PlatformOptions(Path root, Path dataDirectory, Ports ports, Optional<String> clusterKubeconfig,
        Optional<OidcProvider> oidcProvider, List<String> serviceJvmOptions, Duration readyTimeout) {

    /** An OIDC provider such as Keycloak or Dex, and where its tokens carry the caller's groups. */
    public record OidcProvider(String issuer, String audience, String groupsClaim) {
    }

    public PlatformOptions {
        root = root.toAbsolutePath().normalize();
        dataDirectory = dataDirectory.toAbsolutePath().normalize();
        serviceJvmOptions = List.copyOf(serviceJvmOptions);
    }

    /** The default ports, the in-process Kubernetes API and the dev issuer. */
    public static PlatformOptions local(Path root, Path dataDirectory) {
        return new PlatformOptions(root, dataDirectory, Ports.defaults(), Optional.empty(), Optional.empty(),
                List.of(), Duration.ofSeconds(120));
    }

    public PlatformOptions withPorts(Ports newPorts) {
        return new PlatformOptions(root, dataDirectory, newPorts, clusterKubeconfig, oidcProvider, serviceJvmOptions,
                readyTimeout);
    }

    public PlatformOptions withCluster(String kubeconfig) {
        return new PlatformOptions(root, dataDirectory, ports, Optional.of(kubeconfig), oidcProvider,
                serviceJvmOptions, readyTimeout);
    }

    public PlatformOptions withOidcProvider(OidcProvider provider) {
        return new PlatformOptions(root, dataDirectory, ports, clusterKubeconfig, Optional.of(provider),
                serviceJvmOptions, readyTimeout);
    }

    public PlatformOptions withServiceJvmOptions(List<String> options) {
        return new PlatformOptions(root, dataDirectory, ports, clusterKubeconfig, oidcProvider, options,
                readyTimeout);
    }

    public PlatformOptions withReadyTimeout(Duration timeout) {
        return new PlatformOptions(root, dataDirectory, ports, clusterKubeconfig, oidcProvider, serviceJvmOptions,
                timeout);
    }

    /** The JVM options a service runs with: those given for every service, else its own defaults. */
    public List<String> jvmOptionsOf(PavedService service) {
        return serviceJvmOptions.isEmpty() ? service.defaultJvmOptions() : serviceJvmOptions;
    }

    /** Where the in-process Kubernetes API's kubeconfig is written (and .paved/local.env points KUBECONFIG). */
    public Path inProcessKubeconfig() {
        return dataDirectory.resolve("kubeconfig");
    }

    public Path logDirectory() {
        return dataDirectory.resolve("logs");
    }

    public Path issuerKeyDirectory() {
        return dataDirectory.resolve("issuer");
    }
}
