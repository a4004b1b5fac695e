package dev.paved.provisioning.deployments.domain;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the platform renders deployments. Domain patterns may use {@code {workload}},
 * {@code {resource}}, {@code {environment}}, {@code {namespace}}, {@code {application}},
 * {@code {team}} and {@code {stage}}, e.g. {@code {workload}.{environment}.apps.localtest.me}.
 */
public record RenderSettings(String routeDomainPattern, String dnsDomainPattern, String zoneTopologyKey) {

    public static final String ZONE = "topology.kubernetes.io/zone";

    /**
     * What the Secret of a postgres resource holds: one key per output of the type, which is what the
     * rendered secret references name.
     */
    public static Map<String, String> postgresSecretData(String host, int port, String database, String role,
            String password) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("host", host);
        data.put("port", Integer.toString(port));
        data.put("name", database);
        data.put("database", database);
        data.put("username", role);
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
