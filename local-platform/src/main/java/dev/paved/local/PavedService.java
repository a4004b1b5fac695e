package dev.paved.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/** The four services of the platform. */
public enum PavedService {

    // The catalog holds a whole ingest (10,000 entities take about 200 MB) in memory while it validates
    // and writes it. Starting with the old generation at that size spares the ingest the full
    // collections of growing it, and a larger young generation most of the copying: collection fell
    // from about 1 s to 0.3 s of CPU per 10,000-entity ingest. Heap pages never touched cost no memory.
    CATALOG("catalog-service", "catalog", Ports::catalog, true, "-Xms256m", "-Xmn64m", "-Xmx512m"),
    PROVISIONING("provisioning-service", "provisioning", Ports::provisioning, true, "-Xms32m", "-Xmx256m"),
    OBSERVABILITY("observability-service", "observability", Ports::observability, false, "-Xms32m", "-Xmx256m"),
    GATEWAY("api-gateway", "gateway", Ports::gateway, false, "-Xms32m", "-Xmx256m");

    /**
     * Sized for an idle local service, measured with bench/startup/run.sh: the serial collector (one
     * GC thread, no concurrent-collector structures) and a heap that starts small, grows only as
     * needed, and is bounded. The JIT keeps its C2 tier, so throughput does not suffer.
     */
    private static final String COLLECTOR = "-XX:+UseSerialGC";

    private final String moduleName;
    private final String shortName;
    private final ToIntFunction<Ports> port;
    private final boolean usesDatabase;
    private final List<String> defaultJvmOptions;

    PavedService(String moduleName, String shortName, ToIntFunction<Ports> port, boolean usesDatabase,
            String... heapOptions) {
        this.moduleName = moduleName;
        this.shortName = shortName;
        this.port = port;
        this.usesDatabase = usesDatabase;
        List<String> jvmOptions = new ArrayList<>(List.of(COLLECTOR));
        jvmOptions.addAll(List.of(heapOptions));
        this.defaultJvmOptions = List.copyOf(jvmOptions);
    }

    /** The JVM options it runs with locally unless PAVED_SERVICE_JVM_OPTIONS replaces them. */
    public List<String> defaultJvmOptions() {
        return defaultJvmOptions;
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

    /**
     * The class data sharing archive the build leaves beside the jar (quarkus.package.jar.appcds):
     * the JVM maps the classes of a start instead of loading and verifying them again.
     */
    public Path classArchive(Path root) {
        return runnerJar(root).resolveSibling("app-cds.jsa");
    }
}
