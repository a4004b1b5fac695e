package dev.paved.gateway.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.common.problem.ProblemException;

/** Backstage's location predicates and pages, as its catalog backend answers POST /locations/by-query. */
class BackstageLocationQueryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Map<String, String>> LOCATIONS = List.of(
            location("c3", "https://github.com/acme/shop/blob/main/catalog-info.yaml"),
            location("a1", "https://github.com/acme/payments/blob/main/catalog-info.yaml"),
            location("b2", "https://gitlab.example.com/acme/infra/blob/main/catalog-info.yaml"));

    @Test
    void conditionsCompareWithoutRegardToCaseAndCombineWithAllAnyAndNot() throws Exception {
        assertEquals(List.of("a1", "c3"), ids(page("{\"query\": {\"target\": {\"$hasPrefix\": \"HTTPS://GITHUB.COM/\"}}}")));
        assertEquals(List.of("b2"), ids(page("{\"query\": {\"TARGET\": \"" + LOCATIONS.get(2).get("target")
                .toUpperCase() + "\"}}")));
        assertEquals(List.of("a1", "b2"), ids(page("{\"query\": {\"id\": {\"$in\": [\"b2\", \"a1\", \"zz\"]}}}")));
        assertEquals(List.of("a1"), ids(page("{\"query\": {\"$all\": [{\"type\": \"url\"}, {\"$not\": {\"id\": \"c3\"}},"
                + " {\"target\": {\"$hasPrefix\": \"https://github.com\"}}]}}")));
        assertEquals(List.of("b2", "c3"), ids(page("{\"query\": {\"$any\": [{\"id\": \"b2\"}, {\"id\": \"c3\"}]}}")));
        assertEquals(List.of("a1", "b2", "c3"), ids(page("{\"query\": {\"entityRef\": {\"$exists\": true}}}")));
        assertEquals(List.of(), ids(page("{\"query\": {\"entityRef\": {\"$exists\": false}}}")));
        // As Backstage's backend: an empty $all or $any matches nothing, $contains matches nothing here.
        assertEquals(List.of(), ids(page("{\"query\": {\"$all\": []}}")));
        assertEquals(List.of(), ids(page("{\"query\": {\"$any\": []}}")));
        assertEquals(List.of(), ids(page("{\"query\": {\"target\": {\"$contains\": \"shop\"}}}")));
        assertEquals(List.of("a1", "b2", "c3"), ids(page("{}")));
        assertEquals(List.of("a1", "b2", "c3"), ids(BackstageLocationQuery.of(null).page(LOCATIONS, l -> l)));
    }

    @Test
    void pagesFollowEachOtherByCursorWithTheQueryAndLimitInIt() throws Exception {
        BackstageLocationQuery.Page<Map<String, String>> first = page(
                "{\"limit\": 1, \"query\": {\"target\": {\"$hasPrefix\": \"https://\"}}}");
        assertEquals(List.of("a1"), ids(first));
        assertEquals(3, first.totalItems());

        BackstageLocationQuery.Page<Map<String, String>> second = page("{\"cursor\": \"" + first.nextCursor() + "\"}");
        assertEquals(List.of("b2"), ids(second));
        assertEquals(3, second.totalItems());
        BackstageLocationQuery.Page<Map<String, String>> third = page("{\"cursor\": \"" + second.nextCursor() + "\"}");
        assertEquals(List.of("c3"), ids(third));
        assertNull(third.nextCursor());

        List<String> all = new ArrayList<>();
        BackstageLocationQuery.Page<Map<String, String>> page = page("{\"limit\": 2}");
        all.addAll(ids(page));
        assertEquals(2, page.items().size());
        page = page("{\"cursor\": \"" + page.nextCursor() + "\"}");
        all.addAll(ids(page));
        assertNull(page.nextCursor());
        assertEquals(List.of("a1", "b2", "c3"), all);
    }

    @Test
    void badLimitsPredicatesAndCursorsAreRefusedWithAPointer() {
        refused("[]", "INVALID_PARAMETER", "");
        refused("{\"limit\": 0}", "INVALID_PARAMETER", "/limit");
        refused("{\"limit\": 1.5}", "INVALID_PARAMETER", "/limit");
        refused("{\"limit\": \"10\"}", "INVALID_PARAMETER", "/limit");
        refused("{\"query\": []}", "INVALID_PARAMETER", "/query");
        refused("{\"query\": {\"owner\": \"payments\"}}", "INVALID_PARAMETER", "/query/owner");
        refused("{\"query\": {\"$or\": []}}", "INVALID_PARAMETER", "/query/$or");
        refused("{\"query\": {\"$all\": {\"id\": \"a1\"}}}", "INVALID_PARAMETER", "/query/$all");
        refused("{\"query\": {\"$any\": [{\"id\": \"a1\"}, {\"id\": {\"$like\": \"a%\"}}]}}", "INVALID_PARAMETER",
                "/query/$any/1/id");
        refused("{\"query\": {\"$not\": {\"target\": {\"$in\": [{\"nested\": 1}]}}}}", "INVALID_PARAMETER",
                "/query/$not/target");
        refused("{\"query\": {\"id\": null}}", "INVALID_PARAMETER", "/query/id");
        refused("{\"cursor\": \"\"}", "INVALID_CURSOR", "/cursor");
        refused("{\"cursor\": \"%%%\"}", "INVALID_CURSOR", "/cursor");
        refused("{\"cursor\": \"" + base64("{\"limit\": 0}") + "\"}", "INVALID_CURSOR", "/cursor");
        refused("{\"cursor\": \"" + base64("[1]") + "\"}", "INVALID_CURSOR", "/cursor");
        refused("{\"cursor\": \"" + base64("{\"limit\": 5, \"query\": {\"owner\": \"x\"}}") + "\"}", "INVALID_CURSOR",
                "/cursor");
    }

    private static void refused(String request, String code, String pointer) {
        ProblemException refused = assertThrows(ProblemException.class, () -> BackstageLocationQuery.of(JSON.readTree(request)),
                request);
        assertEquals(code, refused.code(), request);
        assertEquals(pointer, refused.errors().get(0).pointer(), request);
        assertTrue(refused.getMessage().endsWith(".") && !refused.getMessage().endsWith(".."), refused.getMessage());
    }

    private static BackstageLocationQuery.Page<Map<String, String>> page(String request) throws Exception {
        JsonNode body = JSON.readTree(request);
        return BackstageLocationQuery.of(body).page(LOCATIONS, location -> location);
    }

    private static List<String> ids(BackstageLocationQuery.Page<Map<String, String>> page) {
        return page.items().stream().map(location -> location.get("id")).toList();
    }

    private static Map<String, String> location(String id, String target) {
        return Map.of("id", id, "type", "url", "target", target, "entityRef", "location:default/generated-" + id);
    }

    private static String base64(String text) {
        return Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
