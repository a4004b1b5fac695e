package dev.paved.local;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A started platform, as its users reach it.
 *
 * @param gatewayUrl    the gateway's base URL (REST, health, OpenAPI)
 * @param grpcTarget    host:port of the gateway's gRPC endpoint (plaintext, same port as REST)
 * @param gatewayUrls   the base URL of every replica's gateway, the first being {@code gatewayUrl}
 * @param serviceUrls   every service's base URL (of the first replica), for looking behind the gateway
 * @param oidcIssuer    the issuer every service trusts
 * @param devIssuer     the dev issuer that mints tokens, unless an external provider is trusted
 * @param kubeconfig    the {@code KUBECONFIG} value that reaches the Kubernetes API the services use
 * @param kubernetesUrl the in-process Kubernetes API, unless a cluster is used
 * @param clusterMetricsUrl the simulated containers' usage in Prometheus' text format, while the simulator runs
 * @param prometheusUrl the Prometheus observability-service queries: the one the launcher started, or an external one
 * @param jdbcUrl       the embedded PostgreSQL
 * @param logDirectory  where each service's log is written
 * @param readyIn       how long it took from the start until every service was ready
 */
public record RunningPlatform(URI gatewayUrl, String grpcTarget, List<URI> gatewayUrls,
        Map<PavedService, URI> serviceUrls, String oidcIssuer, Optional<DevIssuer> devIssuer, String kubeconfig,
        Optional<String> kubernetesUrl,
        Optional<String> clusterMetricsUrl, Optional<URI> prometheusUrl, String jdbcUrl, Path logDirectory, Duration readyIn) {

    public RunningPlatform {
        gatewayUrls = List.copyOf(gatewayUrls);
        serviceUrls = Map.copyOf(serviceUrls);
    }
}
