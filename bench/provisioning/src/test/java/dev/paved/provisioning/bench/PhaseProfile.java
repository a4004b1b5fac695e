package dev.paved.provisioning.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.text.ParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.sql.DataSource;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * Where a measured phase's CPU goes, when {@code paved.bench.profile} names a directory: a JFR
 * recording with the default settings (the profiling settings distort too much), this JVM's CPU per
 * thread group (thread names without their numbers) and PostgreSQL's per backend kind and
 * application, from /proc. Off by default: the measured numbers are taken without it.
 */
final class PhaseProfile implements AutoCloseable {

    private static final double TICKS_PER_SECOND = 100;

    private final Path directory;
    private final String phase;
    private final DataSource database;
    private final Recording recording;
    private final Map<String, Long> threadsAtStart;
    private final Map<String, String> threadNames = new HashMap<>();
    private final Map<String, Long> backendsAtStart;

    private PhaseProfile(Path directory, String phase, DataSource database) throws IOException, ParseException {
        this.directory = directory;
        this.phase = phase;
        this.database = database;
        Files.createDirectories(directory);
        threadsAtStart = threadTicks();
        backendsAtStart = backendTicks();
        recording = new Recording(Configuration.getConfiguration("default"));
        recording.start();
    }

    /** A profile of the phase about to start, or null when profiling is off. */
    static PhaseProfile startIfAsked(String phase, DataSource database) throws IOException, ParseException {
        String directory = System.getProperty("paved.bench.profile", "");
        return directory.isBlank() ? null : new PhaseProfile(Path.of(directory), phase, database);
    }

    @Override
    public void close() throws IOException {
        recording.stop();
        recording.dump(directory.resolve(phase + ".jfr"));
        recording.close();
        Map<String, Long> threadsAtEnd = threadTicks();
        Map<String, Long> survivorsAtStart = new HashMap<>(threadsAtStart);
        survivorsAtStart.keySet().retainAll(threadsAtEnd.keySet());
        String report = "CPU seconds by thread group (this JVM; threads that ended during the phase are left out)\n"
                + table(byGroup(survivorsAtStart), byGroup(threadsAtEnd))
                + "CPU seconds by PostgreSQL backend (kind / application)\n" + table(backendsAtStart, backendTicks());
        Files.writeString(directory.resolve(phase + "-cpu.txt"), report);
    }

    private static String table(Map<String, Long> before, Map<String, Long> after) {
        Map<String, Long> used = new TreeMap<>();
        after.forEach((name, ticks) -> used.merge(name, ticks - before.getOrDefault(name, 0L), Long::sum));
        return used.entrySet().stream().filter(entry -> entry.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(entry -> String.format(Locale.ROOT, "  %8.2f  %s%n", entry.getValue() / TICKS_PER_SECOND,
                        entry.getKey()))
                .collect(Collectors.joining());
    }

    /**
     * Clock ticks per thread of this JVM, by thread id; the names go to {@link #threadNames}.
     * Threads are told apart by id so that one that ends during the phase takes nothing from its group.
     */
    private Map<String, Long> threadTicks() throws IOException {
        Map<String, Long> ticks = new HashMap<>();
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            tasks.forEach(task -> {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String id = task.getFileName().toString();
                    threadNames.put(id, stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
                            .replaceAll("\\d+", "#"));
                    ticks.put(id, cpuTicks(stat));
                } catch (IOException | RuntimeException gone) {
                    // A thread that ended meanwhile.
                }
            });
        }
        return ticks;
    }

    /** The threads' ticks by group. */
    private Map<String, Long> byGroup(Map<String, Long> threads) {
        return threads.entrySet().stream().collect(Collectors.toMap(entry -> threadNames.get(entry.getKey()),
                Map.Entry::getValue, Long::sum));
    }

    /** Clock ticks per PostgreSQL backend kind and application name, for the backends alive now. */
    private Map<String, Long> backendTicks() {
        Map<String, Long> ticks = new HashMap<>();
        try (Connection connection = database.getConnection(); Statement query = connection.createStatement();
                ResultSet backends = query.executeQuery("SELECT pid, backend_type, application_name"
                        + " FROM pg_stat_activity")) {
            while (backends.next()) {
                try {
                    String stat = Files.readString(Path.of("/proc", Integer.toString(backends.getInt(1)), "stat"));
                    ticks.merge(backends.getString(2) + " / " + backends.getString(3), cpuTicks(stat), Long::sum);
                } catch (IOException gone) {
                    // A backend that ended meanwhile.
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list PostgreSQL's backends", e);
        }
        return ticks;
    }

    /** utime + stime: fields 14 and 15 of /proc/.../stat, counted after the command's closing parenthesis. */
    private static long cpuTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }
}
