package dev.paved.provisioning.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.eclipse.microprofile.config.ConfigProvider;

/**
 * CPU time used by this JVM (the service, the in-process Kubernetes API and the benchmark's client)
 * plus its embedded PostgreSQL (the server on the datasource's port and its backends), read from
 * /proc. On a shared machine the wall-clock ratio follows whatever else runs; the CPU time a phase
 * costs does much less.
 */
final class CpuClock {

    private static final long TICKS_PER_SECOND = 100;

    private CpuClock() {
    }

    /**
     * CPU used so far: the JVM's and PostgreSQL's, in nanoseconds, and the clock ticks of each of the
     * JVM's JIT compiler threads by thread id (compiler threads come and go).
     */
    record Reading(long jvm, long postgres, Map<String, Long> compilers) {

        /** Seconds of CPU used since {@code start}: both, PostgreSQL's, and the JIT compilers'. */
        double[] secondsSince(Reading start) {
            long compilerTicks = compilers.entrySet().stream()
                    .mapToLong(thread -> thread.getValue() - start.compilers.getOrDefault(thread.getKey(), 0L)).sum();
            return new double[] {(jvm - start.jvm + postgres - start.postgres) / 1e9, (postgres - start.postgres) / 1e9,
                    compilerTicks / (double) TICKS_PER_SECOND};
        }
    }

    /** PostgreSQL's part and the compilers' count only on Linux (0 elsewhere). */
    static Reading now() {
        long jvm = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        return new Reading(jvm, postgres() * (1_000_000_000L / TICKS_PER_SECOND), compilers());
    }

    /** Clock ticks of this JVM's JIT compiler threads (C1 and C2), by thread id. */
    private static Map<String, Long> compilers() {
        Map<String, Long> ticks = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    if (stat.contains("CompilerThre")) {
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        ticks.put(task.getFileName().toString(), Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
                    }
                } catch (IOException | RuntimeException gone) {
                    // A thread that ended meanwhile.
                }
            });
        } catch (IOException noProc) {
            return Map.of();
        }
        return ticks;
    }

    /** Clock ticks of the PostgreSQL server listening on the datasource's port and of its children. */
    private static long postgres() {
        String url = ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
        String port = url.replaceFirst("^jdbc:postgresql://[^:/]+:(\\d+)/.*$", "$1");
        List<String[]> processes = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.filter(entry -> entry.getFileName().toString().chars().allMatch(Character::isDigit))
                    .forEach(entry -> {
                        try {
                            String cmdline = Files.readString(entry.resolve("cmdline")).replace('\0', ' ');
                            String stat = Files.readString(entry.resolve("stat"));
                            // Fields after the command's closing parenthesis: state, ppid, ..., utime (14), stime (15).
                            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                            processes.add(new String[] {entry.getFileName().toString(), fields[1],
                                    Long.toString(Long.parseLong(fields[11]) + Long.parseLong(fields[12])), cmdline});
                        } catch (IOException | RuntimeException gone) {
                            // A process that ended meanwhile, or one we may not read.
                        }
                    });
        } catch (IOException noProc) {
            return 0;
        }
        String server = processes.stream().filter(process -> process[3].contains("postgres")
                && process[3].contains("-p " + port + " ")).map(process -> process[0]).findFirst().orElse(null);
        if (server == null) {
            return 0;
        }
        return processes.stream().filter(process -> process[0].equals(server) || process[1].equals(server))
                .mapToLong(process -> Long.parseLong(process[2])).sum();
    }
}
