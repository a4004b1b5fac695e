package dev.paved.gateway.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class RateLimiterTest {

    private final AtomicLong now = new AtomicLong(1_000);

    private void advanceMillis(long millis) {
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
    }

    @Test
    void allowsTheBurstThenRefusesWithTheSecondsUntilTheNextRequest() {
        RateLimiter limiter = new RateLimiter(3, 0.5, now::get);
        for (int i = 0; i < 3; i++) {
            assertTrue(limiter.tryAcquire("alice").allowed());
        }
        RateLimiter.Decision refused = limiter.tryAcquire("alice");
        assertFalse(refused.allowed());
        assertEquals(2, refused.retryAfterSeconds());
    }

    @Test
    void refillsAtTheSustainedRate() {
        RateLimiter limiter = new RateLimiter(2, 10, now::get);
        assertTrue(limiter.tryAcquire("alice").allowed());
        assertTrue(limiter.tryAcquire("alice").allowed());
        assertFalse(limiter.tryAcquire("alice").allowed());
        advanceMillis(100);
        assertTrue(limiter.tryAcquire("alice").allowed());
        assertFalse(limiter.tryAcquire("alice").allowed());
        advanceMillis(60_000);
        assertTrue(limiter.tryAcquire("alice").allowed());
        assertTrue(limiter.tryAcquire("alice").allowed());
        assertFalse(limiter.tryAcquire("alice").allowed(), "an idle caller saves up no more than the burst");
    }

    @Test
    void neverAsksToRetryInLessThanASecond() {
        RateLimiter limiter = new RateLimiter(1, 1000, now::get);
        assertTrue(limiter.tryAcquire("alice").allowed());
        assertEquals(1, limiter.tryAcquire("alice").retryAfterSeconds());
    }

    @Test
    void keepsCallersApart() {
        RateLimiter limiter = new RateLimiter(1, 0.01, now::get);
        assertTrue(limiter.tryAcquire("subject:alice").allowed());
        assertFalse(limiter.tryAcquire("subject:alice").allowed());
        assertTrue(limiter.tryAcquire("subject:bob").allowed());
        assertTrue(limiter.tryAcquire("address:127.0.0.1").allowed());
    }

    @Test
    void forgetsIdleCallersOnceManyAreTracked() {
        RateLimiter limiter = new RateLimiter(1, 1, now::get);
        for (int i = 0; i <= RateLimiter.PRUNE_THRESHOLD; i++) {
            limiter.tryAcquire("caller-" + i);
        }
        assertFalse(limiter.tryAcquire("caller-0").allowed(), "a caller that just spent its burst stays limited");
        advanceMillis(2_000);
        limiter.tryAcquire("newcomer");
        assertEquals(1, limiter.trackedCallers(), "only the caller seen since the buckets refilled is kept");
    }

    @Test
    void rejectsALimitThatAllowsNothing() {
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(0, 1, now::get));
        assertThrows(IllegalArgumentException.class, () -> new RateLimiter(1, 0, now::get));
    }
}
