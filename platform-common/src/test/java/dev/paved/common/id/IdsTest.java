package dev.paved.common.id;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.UUID;

import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void makesVersion7UuidsThatSortByCreationTime() throws InterruptedException {
        UUID first = Ids.newId();
        Thread.sleep(2);
        UUID second = Ids.newId();
        assertEquals(7, first.version());
        assertEquals(2, first.variant());
        assertTrue(first.toString().compareTo(second.toString()) < 0);
    }

    @Test
    void parsesOnlyCanonicalUuids() {
        UUID id = Ids.newId();
        assertEquals(id, Ids.parse(id.toString()).orElseThrow());
        assertTrue(Ids.parse("not-a-uuid").isEmpty());
        assertTrue(Ids.parse("1-1-1-1-1").isEmpty());
        assertTrue(Ids.parse(null).isEmpty());
    }
}
