package dev.paved.provisioning.deployments.registry;

import java.util.Map;

import dev.paved.testing.registry.OciRegistryServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

/**
 * A real OCI registry (Debian's docker-registry) for the service under test, with one image pushed,
 * allowed by the guardrails beside the default registries. Without the binary (outside CI) it starts
 * nothing, and the tests that need it skip, saying what to install.
 */
public class OciRegistryResource implements QuarkusTestResourceLifecycleManager {

    public static final String REPOSITORY = "payments/checkout";
    public static final String TAG = "2.0.0";
    private static OciRegistryServer registry;
    private static String digest;

    @Override
    public Map<String, String> start() {
        if (!OciRegistryServer.installed() && !"true".equals(System.getenv(OciRegistryServer.CI_VARIABLE))) {
            return Map.of();
        }
        registry = OciRegistryServer.start();
        digest = registry.push(REPOSITORY, TAG);
        return Map.of("paved.provisioning.deployments.guardrails.allowed-registries",
                "registry.example.com,ghcr.io,docker.io,quay.io," + registry.host());
    }

    @Override
    public void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    /** The registry's {@code host:port}; skips the calling test when there is no registry. */
    public static String host() {
        OciRegistryServer.requireInstalled();
        return registry.host();
    }

    /** The digest of {@value #REPOSITORY}:{@value #TAG} as the registry reported it. */
    public static String digest() {
        return digest;
    }
}
