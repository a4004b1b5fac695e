package dev.paved.common.paging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.paved.common.problem.ProblemException;

class PageRequestTest {

    @Test
    void defaultsToFiftyItemsFromTheStart() {
        PageRequest page = PageRequest.of(null, null);
        assertEquals(50, page.limit());
        assertNull(page.cursor());
        assertEquals(50, PageRequest.of(0, "").limit(), "proto3's absent limit is 0");
    }

    @Test
    void rejectsNegativeZeroAndHugeLimitsWithTheParameterNamed() {
        for (int limit : new int[] { -1, 501, Integer.MAX_VALUE }) {
            ProblemException problem = assertThrows(ProblemException.class, () -> PageRequest.of(limit, null));
            assertEquals(400, problem.status());
            assertEquals("INVALID_LIMIT", problem.code());
            assertEquals("limit", problem.errors().get(0).parameter());
        }
    }

    @Test
    void readsTheRestLimitParameterAsTheServicesTakeIt() {
        assertEquals(0, PageRequest.limitParameter(null), "absent: the service's default");
        assertEquals(0, PageRequest.limitParameter(" "));
        assertEquals(1, PageRequest.limitParameter("1"));
        assertEquals(500, PageRequest.limitParameter("500"));
        assertEquals(20, PageRequest.limitParameter(" 20 "));
    }

    @Test
    void refusesRestLimitsThatAreNoWholeNumberInRange() {
        for (String limit : new String[] { "0", "-1", "501", "99999999999", "99999999999999999999", "ten", "1.5" }) {
            ProblemException problem = assertThrows(ProblemException.class, () -> PageRequest.limitParameter(limit));
            assertEquals(400, problem.status());
            assertEquals("INVALID_LIMIT", problem.code());
            assertEquals("limit", problem.errors().get(0).parameter());
            assertEquals("must be a whole number between 1 and 500, was " + limit, problem.errors().get(0).message());
        }
    }

    @Test
    void acceptsTheBoundaries() {
        assertEquals(1, PageRequest.of(1, null).limit());
        assertEquals(500, PageRequest.of(500, null).limit());
    }

    @Test
    void cursorRoundTripsItsKeys() {
        String encoded = Cursor.after(Map.of("name", "payments-api", "id", "42")).encode();
        Cursor decoded = PageRequest.of(10, encoded).cursor();
        assertEquals("payments-api", decoded.key("name"));
        assertEquals("42", decoded.key("id"));
    }

    @Test
    void rejectsCursorsThisApiDidNotIssue() {
        for (String forged : new String[] { "not base64!", "bm90IGpzb24", "e30", "x".repeat(5000) }) {
            ProblemException problem = assertThrows(ProblemException.class, () -> PageRequest.of(10, forged));
            assertEquals("INVALID_CURSOR", problem.code());
            assertEquals(400, problem.status());
        }
    }

    @Test
    void rejectsForgedCursorsWithKeysNoPageHas() {
        for (String keys : new String[] { "{\"ref\":null}", "{\"ref\":\"a\\u0000b\"}" }) {
            String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(keys.getBytes(StandardCharsets.UTF_8));
            ProblemException problem = assertThrows(ProblemException.class, () -> PageRequest.of(10, forged), keys);
            assertEquals("INVALID_CURSOR", problem.code());
            assertEquals("cursor", problem.errors().get(0).parameter());
        }
    }

    @Test
    void rejectsACursorOfAnotherList() {
        Cursor cursor = Cursor.after(Map.of("revision", "7"));
        ProblemException problem = assertThrows(ProblemException.class, () -> cursor.key("name"));
        assertEquals("INVALID_CURSOR", problem.code());
    }
}
