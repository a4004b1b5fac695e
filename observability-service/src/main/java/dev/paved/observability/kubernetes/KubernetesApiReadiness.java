package dev.paved.observability.kubernetes;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/** Ready only while the Kubernetes API answers: without it there is nothing to observe. */
@Readiness
@ApplicationScoped
public class KubernetesApiReadiness implements HealthCheck {

    private final KubernetesClient kubernetes;

    public KubernetesApiReadiness(KubernetesClient kubernetes) {
        this.kubernetes = kubernetes;
    }

    @Override
    public HealthCheckResponse call() {
        try {
            var version = kubernetes.getKubernetesVersion();
            return HealthCheckResponse.named("kubernetes-api").up()
                    .withData("server", kubernetes.getMasterUrl().toString())
                    .withData("version", version.getGitVersion() == null ? "unknown" : version.getGitVersion())
                    .build();
        } catch (KubernetesClientException unreachable) {
            return HealthCheckResponse.named("kubernetes-api").down()
                    .withData("server", kubernetes.getMasterUrl().toString())
                    .withData("error", unreachable.getMessage() == null ? "unreachable" : unreachable.getMessage())
                    .build();
        }
    }
}
