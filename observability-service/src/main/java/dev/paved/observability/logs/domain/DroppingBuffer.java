package dev.paved.observability.logs.domain;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The lines waiting for a follower, at most {@code capacity}: when the pods write faster than the
 * follower reads, the oldest are dropped, and the next line the follower reads is a marker saying how
 * many, so that a slow follower holds bounded memory and still sees that lines are missing.
 */
public final class DroppingBuffer {

    private final int capacity;
    private final Deque<LogLine> lines = new ArrayDeque<>();
    private long dropped;

    public DroppingBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive, was " + capacity);
        }
        this.capacity = capacity;
    }

    public synchronized void offer(LogLine line) {
        if (lines.size() == capacity) {
            lines.removeFirst();
            dropped++;
        }
        lines.addLast(line);
        notifyAll();
    }

    /** The next line, the marker first when lines were dropped; null when none comes within {@code wait}. */
    public synchronized LogLine poll(Duration wait) throws InterruptedException {
        if (lines.isEmpty() && dropped == 0) {
            wait(Math.max(1, wait.toMillis()));
        }
        if (dropped > 0) {
            LogLine marker = new LogLine("", "", "[" + dropped + " lines dropped: the reader fell behind]", null);
            dropped = 0;
            return marker;
        }
        return lines.pollFirst();
    }
}
