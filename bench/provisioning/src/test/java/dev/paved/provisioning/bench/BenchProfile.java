package dev.paved.provisioning.bench;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** Production settings for what is measured: the client's timeout, backoff, deadline and workers. */
public class BenchProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.kubernetes-client.request-timeout", "10S",
                "paved.provisioning.operations.deadline", "15M",
                "paved.provisioning.operations.initial-backoff", "500MS",
                "paved.provisioning.operations.max-backoff", "30S",
                "paved.provisioning.workers.concurrency", System.getProperty("paved.bench.workers", "8"),
                "paved.provisioning.deployments.rollout-poll-interval", "2S",
                "paved.provisioning.deployments.rollout-wait-interval", "1S",
                "quarkus.log.category.\"io.fabric8.mockwebserver\".level", "WARN");
    }
}
