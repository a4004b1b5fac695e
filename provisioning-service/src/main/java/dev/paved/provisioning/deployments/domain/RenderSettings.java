package dev.paved.provisioning.deployments.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the platform renders deployments. Domain patterns may use {@code {workload}},
 * {@code {resource}}, {@code {environment}}, {@code {namespace}}, {@code {application}},
 * {@code {team}} and {@code {stage}}, e.g. {@code {workload}.{environment}.apps.localtest.me}.
 * {@code postgresHost} and {@code postgresPort} are the PostgreSQL server as pods reach it.
 */
public record RenderSettings(String routeDomainPattern, String dnsDomainPattern, String postgresHost,
        int postgresPort, String zoneTopologyKey) {

    public static final String ZONE = "topology.kubernetes.io/zone";

    /** What the Secret of a postgres resource holds: one key per output of the type. */
    public Map<String, String> postgresSecretData(ProvisionedResource claim, String password) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("host", postgresHost);
        data.put("port", Integer.toString(postgresPort));
        data.put("name", claim.database());
        data.put("database", claim.database());
        data.put("username", claim.role());
        data.put("password", password);
        return data;
    }

    String domain(String pattern, String workload, String resource, EnvironmentFacts environment) {
        return pattern.replace("{workload}", workload)
                .replace("{resource}", resource)
                .replace("{environment}", environment.name())
                .replace("{namespace}", environment.namespace())
                .replace("{application}", environment.application())
                .replace("{team}", environment.team())
                .replace("{stage}", environment.stage());
    }
}
