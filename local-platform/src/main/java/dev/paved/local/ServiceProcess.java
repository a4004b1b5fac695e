package dev.paved.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * One process the launcher runs, a service or Prometheus, its output going to a log file, ready
 * when its readiness URL answers 200.
 */
final class ServiceProcess {

    private static final int LOG_TAIL_LINES = 20;
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);

    private final String name;
    private final Process process;
    private final Path logFile;
    private final URI readinessUrl;

    private ServiceProcess(String name, Process process, Path logFile, URI readinessUrl) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.readinessUrl = readinessUrl;
    }

    static ServiceProcess start(String name, List<String> command, Map<String, String> environment,
            Path workingDirectory, Path logFile, URI readinessUrl) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            // Nothing is ever written to its standard input.
            process.getOutputStream().close();
            return new ServiceProcess(name, process, logFile, readinessUrl);
        } catch (IOException e) {
            throw new LaunchException(name + " could not be started: " + e.getMessage(), e);
        }
    }

    /** The module name of a service, or {@code prometheus}: the name in messages. */
    String name() {
        return name;
    }

    Process process() {
        return process;
    }

    Path logFile() {
        return logFile;
    }

    /** Waits until the readiness URL answers 200; fails when the process ends or time runs out. */
    void awaitReady(HttpClient http, Instant deadline) {
        HttpRequest request = HttpRequest.newBuilder(readinessUrl).timeout(Duration.ofSeconds(2)).GET().build();
        while (true) {
            if (!process.isAlive()) {
                throw new LaunchException(name + " did not start (exit code " + process.exitValue()
                        + "); the end of " + logFile + ":", logTail());
            }
            if (isReady(http, request)) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw new LaunchException(name + " was not ready in time (" + readinessUrl
                        + " never answered UP); the end of " + logFile + ":", logTail());
            }
            sleep(POLL_INTERVAL);
        }
    }

    private static boolean isReady(HttpClient http, HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notListeningYet) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while waiting for " + request.uri());
        }
    }

    /** Asks the process to stop; {@link #awaitStopped} waits for it. */
    void requestStop() {
        process.destroy();
    }

    void awaitStopped(Duration grace) {
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of its log, which say why it failed. */
    List<String> logTail() {
        Deque<String> tail = new ArrayDeque<>();
        try (Stream<String> lines = Files.lines(logFile, StandardCharsets.UTF_8)) {
            lines.forEach(line -> {
                tail.addLast(line);
                if (tail.size() > LOG_TAIL_LINES) {
                    tail.removeFirst();
                }
            });
        } catch (IOException | UncheckedIOException unreadable) {
            return List.of("(the log cannot be read: " + unreadable.getMessage() + ")");
        }
        return List.copyOf(tail);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("interrupted while the platform was starting");
        }
    }
}
