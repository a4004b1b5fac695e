package dev.paved.common.streams;

import java.time.Duration;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;

import io.smallrye.mutiny.Multi;

/** What long-lived streams (log follows) share. */
public final class Streams {

    private Streams() {
    }

    /**
     * The stream, ended after {@code longest} with its source cancelled, so that what feeds it (log
     * watches, a backend's call) stops. Mutiny's {@code select().first(Duration)} alone ends the
     * stream but leaves its source running: it drops the source's subscription without cancelling
     * it. Requests pass through, so the source's back-pressure is kept.
     */
    public static <T> Multi<T> endingAfter(Multi<T> stream, Duration longest) {
        return Multi.createFrom().deferred(() -> {
            AtomicReference<Flow.Subscription> source = new AtomicReference<>();
            return stream.onSubscription().invoke(source::set)
                    .select().first(longest)
                    .onCompletion().invoke(() -> {
                        // After the source's own completion a cancel does nothing.
                        Flow.Subscription subscription = source.get();
                        if (subscription != null) {
                            subscription.cancel();
                        }
                    });
        });
    }
}
