package dev.paved.local;

import java.util.List;

/** JVM options that keep a local process's resident memory close to what it uses. */
final class JvmMemory {

    /**
     * One GC thread and no concurrent-collector structures: the leanest collector for a small heap
     * that starts small, grows only as needed and is bounded (measured with bench/startup/run.sh and
     * bench/footprint/run.sh). The JIT keeps its C2 tier, so throughput does not suffer.
     */
    static final String SERIAL_COLLECTOR = "-XX:+UseSerialGC";

    /** How often glibc's malloc arenas are trimmed: memory the JIT, class loading and NIO freed goes back. */
    private static final String TRIM_NATIVE_HEAP = "-XX:TrimNativeHeapInterval=5000";

    private JvmMemory() {
    }

    /**
     * The periodic trim of the native heap (about 20 MB less per idle service), where the JVM has it:
     * 17.0.9, 21.0.1 and later (JDK-8293114). An older JVM refuses an option it does not know.
     */
    static List<String> trimOptions(Runtime.Version version) {
        boolean has = switch (version.feature()) {
            case 17 -> version.update() >= 9;
            case 18, 19, 20 -> false;
            case 21 -> version.update() >= 1;
            default -> version.feature() > 21;
        };
        return has ? List.of(TRIM_NATIVE_HEAP) : List.of();
    }
}
