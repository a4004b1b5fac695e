package dev.paved.provisioning.deployments.domain;

import dev.paved.provisioning.goldenpaths.domain.BuiltInGoldenPaths;
import dev.paved.provisioning.goldenpaths.domain.GoldenPathRenderer;
import dev.paved.provisioning.goldenpaths.domain.GoldenPathVersion;

/** One workload written both ways, and the environment and settings it is rendered with. */
final class Fixtures {

    static final String NATIVE = """
            {
              "name": "api",
              "image": "ghcr.io/acme/api:1.4.2",
              "command": ["/app/run"],
              "args": ["--name", "${metadata.name}", "--db-password", "${resources.db.password}"],
              "ports": [{"name": "http", "port": 80, "targetPort": 8080}],
              "variables": {
                "GREETING": "hello ${metadata.name} in ${metadata.annotations.paved.dev/simulate}",
                "DB_HOST": "${resources.db.host}",
                "DB_URL": "postgres://${resources.db.username}:${resources.db.password}@${resources.db.host}:${resources.db.port}/${resources.db.database}",
                "PUBLIC_URL": "${resources.web.url}",
                "LITERAL": "$${not.a.placeholder}"
              },
              "secretRefs": {"API_KEY": {"secret": "api-keys", "key": "primary"}},
              "files": [{"path": "/etc/api/config.yaml", "content": "name: ${metadata.name}\\nhost: ${resources.web.host}\\n", "mode": "0640"}],
              "volumes": [{"path": "/data", "source": "${resources.data}"}],
              "resources": {"requests": {"cpu": "250m", "memory": "256Mi"}, "limits": {"cpu": "500m", "memory": "512Mi"}},
              "livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080}},
              "readinessProbe": {"httpGet": {"path": "/ready", "port": "http"}},
              "annotations": {"paved.dev/simulate": "slow"},
              "provisions": {
                "db": {"type": "postgres"},
                "web": {"type": "route"},
                "data": {"type": "volume", "params": {"size": "1Gi", "storageClass": "standard"}}
              }
            }
            """;

    /** The same workload as a Score file; secretRefs have no Score form, so it is rendered without them. */
    static final String SCORE = """
            apiVersion: score.dev/v1b1
            metadata:
              name: api
              annotations:
                paved.dev/simulate: slow
            containers:
              main:
                image: ghcr.io/acme/api:1.4.2
                command: ["/app/run"]
                args: ["--name", "${metadata.name}", "--db-password", "${resources.db.password}"]
                variables:
                  GREETING: hello ${metadata.name} in ${metadata.annotations.paved.dev/simulate}
                  DB_HOST: ${resources.db.host}
                  DB_URL: postgres://${resources.db.username}:${resources.db.password}@${resources.db.host}:${resources.db.port}/${resources.db.database}
                  PUBLIC_URL: ${resources.web.url}
                  LITERAL: $${not.a.placeholder}
                files:
                  - target: /etc/api/config.yaml
                    content: "name: ${metadata.name}\\nhost: ${resources.web.host}\\n"
                    mode: "0640"
                volumes:
                  /data:
                    source: ${resources.data}
                resources:
                  requests: {cpu: 250m, memory: 256Mi}
                  limits: {cpu: 500m, memory: 512Mi}
                livenessProbe:
                  httpGet: {path: /healthz, port: 8080}
                readinessProbe:
                  httpGet: {path: /ready, port: http}
            service:
              ports:
                http: {port: 80, targetPort: 8080}
            resources:
              db:
                type: postgres
              web:
                type: route
              data:
                type: volume
                params: {size: 1Gi, storageClass: standard}
            """;

    static final EnvironmentFacts DEV = new EnvironmentFacts("shop-dev", "shop-dev", "payments", "shop", "dev",
            "local");
    static final RenderSettings SETTINGS = new RenderSettings("{workload}.{environment}.apps.localtest.me",
            "{resource}.{workload}.{environment}.paved.localtest.me", RenderSettings.ZONE);

    private Fixtures() {
    }

    static WorkloadSpec nativeSpec() {
        return WorkloadSpecs.parse(SubmittedSpec.json(NATIVE));
    }

    static WorkloadSpec scoreSpec() {
        return WorkloadSpecs.parse(SubmittedSpec.score(SCORE));
    }

    static WorkloadSpec spec(String json) {
        return WorkloadSpecs.parse(SubmittedSpec.json(json));
    }

    static GoldenPathVersion goldenPath(String name) {
        return BuiltInGoldenPaths.load().stream().filter(version -> version.name().equals(name)).findFirst()
                .orElseThrow();
    }

    static DeploymentRenderer renderer() {
        return new DeploymentRenderer(new GoldenPathRenderer());
    }

    static Rendering render(WorkloadSpec spec, String goldenPath) {
        return renderer().render(spec, goldenPath(goldenPath), DEV, SETTINGS);
    }
}
