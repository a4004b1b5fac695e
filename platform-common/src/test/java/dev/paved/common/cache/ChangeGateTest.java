package dev.paved.common.cache;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class ChangeGateTest {

    private final List<String> kept = new ArrayList<>();

    @Test
    void keepsNothingUntilFollowing() {
        ChangeGate gate = new ChangeGate();

        gate.keep(gate.stamp(), () -> kept.add("early"));

        assertFalse(gate.isFollowing());
        assertTrue(kept.isEmpty());
    }

    @Test
    void keepsAReadThatNoEvictionOverlapped() {
        ChangeGate gate = new ChangeGate();
        gate.following(() -> { });

        assertEquals("answer", gate.load(() -> "answer", kept::add));

        assertEquals(List.of("answer"), kept);
    }

    @Test
    void turnsAwayAReadThatAnEvictionOverlapped() {
        ChangeGate gate = new ChangeGate();
        gate.following(() -> { });
        List<String> evicted = new ArrayList<>();

        String answered = gate.load(() -> {
            gate.evict(() -> evicted.add("a change"));
            return "stale";
        }, kept::add);

        assertEquals("stale", answered, "the reader still gets its answer");
        assertEquals(List.of("a change"), evicted);
        assertTrue(kept.isEmpty(), "but it is not kept");
    }

    @Test
    void aReadFromBeforeTheFeedWasLostIsNotKeptOnceFollowingAgain() {
        ChangeGate gate = new ChangeGate();
        gate.following(() -> { });
        long stampBeforeTheLoss = gate.stamp();
        List<String> cleared = new ArrayList<>();

        gate.notFollowing(() -> cleared.add("lost"));
        gate.following(() -> cleared.add("following again"));
        gate.keep(stampBeforeTheLoss, () -> kept.add("old"));

        assertEquals(List.of("lost", "following again"), cleared);
        assertTrue(kept.isEmpty());
    }
}
