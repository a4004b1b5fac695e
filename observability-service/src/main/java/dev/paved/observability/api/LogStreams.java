package dev.paved.observability.api;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.enterprise.context.ApplicationScoped;

import dev.paved.common.streams.Streams;
import dev.paved.observability.config.LogsConfig;
import dev.paved.observability.environments.EnvironmentLogs;
import dev.paved.observability.logs.domain.DroppingBuffer;
import dev.paved.observability.logs.domain.LogLine;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.MultiEmitter;

/**
 * A follow as a stream: the pods' log watches fill a bounded buffer that drops its oldest lines when the
 * client reads slower than the pods write; one thread per stream hands lines on as the client asks for
 * them. The stream ends after the configured maximum duration; when it ends, fails or the client goes
 * away, the log watches are closed and the thread stops, so a vanished follower costs nothing.
 */
@ApplicationScoped
public class LogStreams {

    private static final Duration POLL = Duration.ofMillis(200);

    private final EnvironmentLogs logs;
    private final LogsConfig config;

    public LogStreams(EnvironmentLogs logs, LogsConfig config) {
        this.logs = logs;
        this.config = config;
    }

    public Multi<LogLine> follow(EnvironmentLogs.Source source) {
        return Streams.endingAfter(Multi.createFrom().<LogLine>emitter(emitter -> {
            DroppingBuffer buffer = new DroppingBuffer(config.followBufferLines());
            AtomicBoolean ended = new AtomicBoolean();
            Closeable watches = logs.follow(source, buffer::offer);
            Thread drain = new Thread(() -> drain(emitter, buffer, ended), "log-follow");
            drain.setDaemon(true);
            emitter.onTermination(() -> {
                ended.set(true);
                drain.interrupt();
                close(watches);
            });
            drain.start();
        }), config.followMaxDuration());
    }

    private static void drain(MultiEmitter<? super LogLine> emitter, DroppingBuffer buffer, AtomicBoolean ended) {
        try {
            while (!ended.get() && !emitter.isCancelled()) {
                if (emitter.requested() == 0) {
                    Thread.sleep(POLL.toMillis() / 10);
                    continue;
                }
                LogLine line = buffer.poll(POLL);
                if (line != null) {
                    emitter.emit(line);
                }
            }
        } catch (InterruptedException stopped) {
            Thread.currentThread().interrupt();
        }
    }

    private static void close(Closeable watches) {
        try {
            watches.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
