package dev.paved.local.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.fabric8.kubernetes.api.model.ContainerPort;

/**
 * The log one container run writes: a few lines as it starts, then one line about every
 * {@code interval} (requests a web server served, messages a worker handled, batches a job processed),
 * and, when the run ended, what it printed last (the error that killed it, or the job's result).
 * Every line is a function of the run and its index, so the same request always reads the same log,
 * and a follower sees each line when its time comes. Like a kubelet that rotates its files, it keeps
 * the last {@value #KEPT_LINES} lines.
 */
final class ContainerLog {

    static final int KEPT_LINES = 10_000;
    private static final List<String> PATHS = List.of("/api/orders", "/api/orders/%d", "/api/customers/%d",
            "/api/products", "/api/products/%d", "/api/cart/%d/items");

    /** A line and the time it was written. */
    record Line(Instant time, String text) {
    }

    private enum Kind { WEB, WORKER, JOB }

    private final ContainerRun run;
    private final Duration interval;
    private final FailureMode mode;
    private final Kind kind;
    private final long seed;
    private final String app;
    private final String version;

    ContainerLog(ContainerRun run, Duration interval, FailureMode mode, boolean ofJob) {
        this.run = run;
        this.interval = interval;
        this.mode = mode;
        this.kind = ofJob || run.init() ? Kind.JOB : run.container().getPorts().isEmpty() ? Kind.WORKER : Kind.WEB;
        this.seed = run.seed();
        this.app = run.pod().getMetadata().getLabels().getOrDefault("app.kubernetes.io/name",
                run.container().getName());
        String image = run.container().getImage() == null ? "" : run.container().getImage();
        int tag = image.lastIndexOf(':');
        this.version = tag > image.lastIndexOf('/') ? image.substring(tag + 1) : "latest";
    }

    /** How many lines were written up to {@code until}, counting those no longer kept. */
    int count(Instant until) {
        return regularCount(until) + (run.finishedAt() != null && !until.isBefore(run.finishedAt())
                ? lastWords().size() : 0);
    }

    /** The index of the oldest line still kept at {@code until}. */
    int firstKept(Instant until) {
        return Math.max(0, count(until) - KEPT_LINES);
    }

    /** The index of the first line written at or after {@code since}. */
    int firstAtOrAfter(Instant since, Instant until) {
        int total = count(until);
        int low = 0;
        int high = total;
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (timeOf(middle).isBefore(since)) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** When line {@code index} is written; for a line not yet written, when it will be. */
    Instant timeOf(int index) {
        if (run.finishedAt() != null && index >= regularCount(run.finishedAt())) {
            return run.finishedAt();
        }
        return regularTime(index);
    }

    /** About one line per interval, each a little late by an amount of its own, so that no two runs tick alike. */
    private Instant regularTime(int index) {
        long nanos = interval.toNanos();
        long jitter = index == 0 ? 0 : (long) (ContainerRun.Mix.unit(seed, index) * nanos / 2);
        return run.startedAt().plusNanos(index * nanos + jitter);
    }

    Line line(int index) {
        int regular = run.finishedAt() == null ? Integer.MAX_VALUE : regularCount(run.finishedAt());
        Instant time = timeOf(index);
        if (index >= regular) {
            return new Line(time, lastWords().get(index - regular));
        }
        return new Line(time, text(index, time));
    }

    private int regularCount(Instant until) {
        Instant bound = run.finishedAt() != null && run.finishedAt().isBefore(until) ? run.finishedAt() : until;
        if (bound.isBefore(run.startedAt())) {
            return 0;
        }
        long elapsed = Duration.between(run.startedAt(), bound).toNanos();
        long last = Math.min(elapsed / interval.toNanos(), Integer.MAX_VALUE - 16);
        int count = (int) last + 1;
        if (regularTime((int) last).isAfter(bound)) {
            count--;
        }
        return count;
    }

    private String text(int index, Instant time) {
        double draw = ContainerRun.Mix.unit(seed, index + 1_000_003L);
        long number = 1000 + (long) (ContainerRun.Mix.unit(seed, index + 7L) * 9000);
        return switch (kind) {
            case WEB -> webLine(index, draw, number);
            case WORKER -> workerLine(index, draw, number);
            case JOB -> index == 0 ? "INFO  Starting job " + app + " " + version
                    : "INFO  Processed batch " + index + " (" + (100 + number % 400) + " records)";
        };
    }

    private String webLine(int index, double draw, long number) {
        int port = run.container().getPorts().stream().map(ContainerPort::getContainerPort).findFirst().orElse(8080);
        if (index == 0) {
            return "INFO  Starting " + app + " " + version + " (pid 1)";
        }
        if (index == 1) {
            return "INFO  Configuration loaded from " + run.container().getEnv().size() + " environment variables";
        }
        if (mode.crashes()) {
            return mode == FailureMode.OOM_KILLED
                    ? "INFO  Warming cache: " + (index * 64) + " MiB loaded"
                    : "WARN  Cannot reach the database at postgres:5432, retrying (attempt " + (index - 1) + ")";
        }
        if (index == 2) {
            return "INFO  Listening on http://0.0.0.0:" + port;
        }
        if (index % 5 == 0) {
            return "INFO  GET /healthz 200 1ms \"kube-probe/1.32\"";
        }
        int code = HttpTraffic.codeAt(draw);
        String method = code == 201 ? "POST" : "GET";
        String path = String.format(PATHS.get((int) (number % PATHS.size())), number);
        String level = code >= 500 ? "ERROR" : code >= 400 ? "WARN " : "INFO ";
        return level + " " + method + " " + path + " " + code + " " + (2 + number % 180) + "ms";
    }

    private String workerLine(int index, double draw, long number) {
        if (index == 0) {
            return "INFO  Starting " + app + " worker " + version;
        }
        if (index == 1) {
            return mode.crashes() ? "INFO  Connecting to the queue " + app + "-tasks"
                    : "INFO  Connected to the queue " + app + "-tasks";
        }
        if (mode.crashes()) {
            return "WARN  Queue " + app + "-tasks unreachable, retrying (attempt " + (index - 1) + ")";
        }
        return draw < 0.03 ? "WARN  Message " + number + " failed, requeued (attempt 2)"
                : "INFO  Processed message " + number + " in " + (5 + number % 400) + "ms";
    }

    /** What the run printed as it ended. */
    private List<String> lastWords() {
        if (run.exitReason() == null) {
            return List.of();
        }
        return switch (run.exitReason()) {
            case "Completed" -> kind == Kind.JOB
                    ? List.of("INFO  Job finished in " + Duration.between(run.startedAt(), run.finishedAt()).toSeconds()
                            + "s")
                    : List.of("INFO  Shutting down");
            case "OOMKilled" -> List.of("WARN  Memory usage at 97% of the container's limit");
            default -> List.of("ERROR Unhandled exception: java.net.ConnectException: Connection refused"
                    + " (postgres:5432)", "ERROR Exiting with status 1");
        };
    }
}
