package dev.paved.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/** The four services of the platform. */
public enum PavedService {

    // The catalog holds a whole ingest (10,000 entities take about 200 MB) in memory while it validates
    // and writes it, and about 25 MB afterwards. The serial collector never hands such a peak back (its
    // heap shrinks only at a full collection, which an idle service does not have): the catalog idled
    // at 430 MB after a 10,000-entity ingest. G1 does, with a periodic collection once it has been
    // idle for 10 s: a full one, which compacts and returns what MaxHeapFreeRatio does not keep
    // (about 210 MB resident afterwards, measured with bench/footprint/run.sh). G1's marking stack
    // starts at 32 MB, committed whether used or not; 256k entries suffice for this heap, and it grows
    // when a marking needs more. A heap kept this tight is always nearly full, so G1's adaptive
    // threshold ran one concurrent marking after another during an ingest (44 in a 10,000-entity one,
    // about 0.9 CPU seconds, each ending in a remark that shrank the heap again); marking only from 90%
    // occupancy lets the heap grow for the ingest instead, and the periodic full collection still
    // hands it back once idle.
    CATALOG("catalog-service", "catalog", Ports::catalog, true, "-XX:+UseG1GC", "-Xms32m", "-Xmx512m",
            "-XX:G1PeriodicGCInterval=10000", "-XX:-G1PeriodicGCInvokesConcurrent", "-XX:MinHeapFreeRatio=10",
            "-XX:MaxHeapFreeRatio=30", "-XX:MarkStackSize=256k", "-XX:-G1UseAdaptiveIHOP",
            "-XX:InitiatingHeapOccupancyPercent=90"),
    PROVISIONING("provisioning-service", "provisioning", Ports::provisioning, true, JvmMemory.SERIAL_COLLECTOR,
            "-Xms32m", "-Xmx256m"),
    OBSERVABILITY("observability-service", "observability", Ports::observability, false,
            JvmMemory.SERIAL_COLLECTOR, "-Xms32m", "-Xmx256m"),
    GATEWAY("api-gateway", "gateway", Ports::gateway, false, JvmMemory.SERIAL_COLLECTOR, "-Xms32m", "-Xmx256m");

    private final String moduleName;
    private final String shortName;
    private final ToIntFunction<Ports> port;
    private final boolean usesDatabase;
    private final List<String> defaultJvmOptions;

    PavedService(String moduleName, String shortName, ToIntFunction<Ports> port, boolean usesDatabase,
            String... memoryOptions) {
        this.moduleName = moduleName;
        this.shortName = shortName;
        this.port = port;
        this.usesDatabase = usesDatabase;
        List<String> jvmOptions = new ArrayList<>(List.of(memoryOptions));
        jvmOptions.addAll(JvmMemory.trimOptions(Runtime.version()));
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
