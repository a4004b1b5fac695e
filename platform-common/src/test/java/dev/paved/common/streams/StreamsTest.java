package dev.paved.common.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;

class StreamsTest {

    @Test
    void anEndlessStreamEndsAfterTheLongestDurationAndItsSourceIsCancelled() throws InterruptedException {
        CountDownLatch sourceStopped = new CountDownLatch(1);
        Multi<String> endless = Multi.createFrom().emitter(emitter -> {
            emitter.onTermination(sourceStopped::countDown);
            emitter.emit("first");
        });

        long began = System.nanoTime();
        AssertSubscriber<String> follower = Streams.endingAfter(endless, Duration.ofMillis(300))
                .subscribe().withSubscriber(AssertSubscriber.create(10));

        follower.awaitCompletion(Duration.ofSeconds(10));
        assertTrue(System.nanoTime() - began >= TimeUnit.MILLISECONDS.toNanos(300), "ended before 300 ms");
        assertEquals(List.of("first"), follower.getItems());
        assertTrue(sourceStopped.await(5, TimeUnit.SECONDS), "the source still runs");
    }

    @Test
    void aStreamThatEndsFirstEndsAsItIsAndRequestsPassThrough() {
        AtomicLong requested = new AtomicLong();
        Multi<Integer> three = Multi.createFrom().items(1, 2, 3).onRequest().invoke(requested::addAndGet);

        AssertSubscriber<Integer> follower = Streams.endingAfter(three, Duration.ofMinutes(1))
                .subscribe().withSubscriber(AssertSubscriber.create(2));

        follower.assertItems(1, 2);
        assertEquals(2, requested.get(), "the source is asked only for what the follower asked for");
        follower.request(5);
        follower.assertCompleted().assertItems(1, 2, 3);
    }
}
