package dev.paved.observability.logs.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DroppingBufferTest {

    @Test
    void aSlowReaderLosesTheOldestLinesAndReadsAMarkerFirst() throws InterruptedException {
        DroppingBuffer buffer = new DroppingBuffer(2);
        for (int i = 1; i <= 5; i++) {
            buffer.offer(new LogLine("p", "c", "line " + i, null));
        }

        assertEquals("[3 lines dropped: the reader fell behind]", buffer.poll(Duration.ZERO).line());
        assertEquals("line 4", buffer.poll(Duration.ZERO).line());
        assertEquals("line 5", buffer.poll(Duration.ZERO).line());
        assertNull(buffer.poll(Duration.ofMillis(10)));
    }
}
