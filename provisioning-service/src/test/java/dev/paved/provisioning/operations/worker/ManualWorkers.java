package dev.paved.provisioning.operations.worker;

import java.util.Map;

import io.quarkus.test.junit.QuarkusTestProfile;

/** No workers of the service's own: the test runs workers itself, to crash them or race them. */
public class ManualWorkers implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("paved.provisioning.workers.concurrency", "0",
                "paved.provisioning.operations.deadline", "3S");
    }
}
