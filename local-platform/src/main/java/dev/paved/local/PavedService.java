package dev.paved.local;

import java.nio.file.Path;
import java.util.function.ToIntFunction;

/** The four services of the platform. */
public enum PavedService {

    CATALOG("catalog-service", "catalog", Ports::catalog, true),
    PROVISIONING("provisioning-service", "provisioning", Ports::provisioning, true),
    OBSERVABILITY("observability-service", "observability", Ports::observability, false),
    GATEWAY("api-gateway", "gateway", Ports::gateway, false);

    private final String moduleName;
    private final String shortName;
    private final ToIntFunction<Ports> port;
    private final boolean usesDatabase;

    PavedService(String moduleName, String shortName, ToIntFunction<Ports> port, boolean usesDatabase) {
        this.moduleName = moduleName;
        this.shortName = shortName;
        this.port = port;
        this.usesDatabase = usesDatabase;
    }

    /** Whether it keeps data in PostgreSQL (its own schema), so that it can only start after it. */
    public boolean usesDatabase() {
        return usesDatabase;
    }

    /** The Maven module, which is also the name in logs and messages. */
    public String moduleName() {
        return moduleName;
    }

    /**
     * The name other services know it by: their gRPC client of this service reads
     * {@code paved.<shortName>.host} and {@code paved.<shortName>.port}.
     */
    public String shortName() {
        return shortName;
    }

    public int port(Ports ports) {
        return port.applyAsInt(ports);
    }

    /** The packaged application, as {@code mvn package} leaves it. */
    public Path runnerJar(Path root) {
        return root.resolve(moduleName).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
