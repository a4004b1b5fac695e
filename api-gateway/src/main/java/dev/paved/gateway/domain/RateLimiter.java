package dev.paved.gateway.domain;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * A token bucket per caller: {@code burst} requests at once, refilled at {@code requestsPerSecond}.
 * A bucket that has refilled completely is the same as no bucket, so idle callers are forgotten once
 * many are tracked; the buckets still held are those of callers seen within the time one takes to refill.
 */
public final class RateLimiter {

    /** Whether a request may proceed, and otherwise after how many whole seconds the caller may retry. */
    public record Decision(boolean allowed, long retryAfterSeconds) {

        static final Decision ALLOWED = new Decision(true, 0);
    }

    static final int PRUNE_THRESHOLD = 10_000;

    private final double capacity;
    private final double tokensPerNano;
    private final long nanosToRefill;
    private final LongSupplier nanoClock;
    private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
    private volatile long lastPruneNanos;

    public RateLimiter(int burst, double requestsPerSecond, LongSupplier nanoClock) {
        if (burst < 1 || !(requestsPerSecond > 0)) {
            throw new IllegalArgumentException("burst must be at least 1 and the rate positive, were " + burst
                    + " and " + requestsPerSecond);
        }
        this.capacity = burst;
        this.tokensPerNano = requestsPerSecond / TimeUnit.SECONDS.toNanos(1);
        this.nanosToRefill = (long) Math.ceil(capacity / tokensPerNano);
        this.nanoClock = nanoClock;
        this.lastPruneNanos = nanoClock.getAsLong();
    }

    public Decision tryAcquire(String caller) {
        long now = nanoClock.getAsLong();
        if (buckets.size() > PRUNE_THRESHOLD) {
            pruneIdle(now);
        }
        return buckets.computeIfAbsent(caller, key -> new Bucket(capacity, now)).take(now);
    }

    int trackedCallers() {
        return buckets.size();
    }

    private void pruneIdle(long now) {
        if (now - lastPruneNanos < nanosToRefill) {
            return;
        }
        lastPruneNanos = now;
        buckets.values().removeIf(bucket -> bucket.isFullAt(now));
    }

    private final class Bucket {

        private double tokens;
        private long updatedNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedNanos = now;
        }

        synchronized Decision take(long now) {
            refill(now);
            if (tokens >= 1) {
                tokens -= 1;
                return Decision.ALLOWED;
            }
            double missingNanos = (1 - tokens) / tokensPerNano;
            return new Decision(false, Math.max(1, (long) Math.ceil(missingNanos / TimeUnit.SECONDS.toNanos(1))));
        }

        synchronized boolean isFullAt(long now) {
            return now - updatedNanos >= nanosToRefill || tokens + (now - updatedNanos) * tokensPerNano >= capacity;
        }

        private void refill(long now) {
            tokens = Math.min(capacity, tokens + (now - updatedNanos) * tokensPerNano);
            updatedNanos = now;
        }
    }
}
