package dev.paved.common.paging;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.UnstorableCharacters;
import dev.paved.common.problem.Violation;

/**
 * An opaque keyset position: the sort keys of the last item of a page. Pages continue after that
 * position rather than at an offset, so a cursor stays valid while items are added or removed.
 */
public final class Cursor {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ENCODED_LENGTH = 2048;

    private final Map<String, String> keys;

    private Cursor(Map<String, String> keys) {
        this.keys = Map.copyOf(keys);
    }

    public static Cursor after(Map<String, String> keys) {
        return new Cursor(new LinkedHashMap<>(keys));
    }

    public String key(String name) {
        String value = keys.get(name);
        if (value == null) {
            throw invalid("it does not belong to this list");
        }
        return value;
    }

    public boolean has(String name) {
        return keys.containsKey(name);
    }

    public String encode() {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(keys));
        } catch (JsonProcessingException cannotHappen) {
            throw new IllegalStateException(cannotHappen);
        }
    }

    public static Cursor decode(String encoded) {
        if (encoded.length() > MAX_ENCODED_LENGTH) {
            throw invalid("it is too long");
        }
        try {
            byte[] bytes = Base64.getUrlDecoder().decode(encoded);
            Map<String, String> keys = JSON.readValue(new String(bytes, StandardCharsets.UTF_8),
                    new TypeReference<Map<String, String>>() {
                    });
            if (keys == null || keys.isEmpty()) {
                throw invalid("it is empty");
            }
            // Issued cursors hold stored values, which are never null and never hold what the databases cannot store.
            if (keys.values().stream().anyMatch(value -> value == null || UnstorableCharacters.in(value))) {
                throw invalid("it is not a cursor this API issued");
            }
            return new Cursor(keys);
        } catch (IllegalArgumentException | JsonProcessingException malformed) {
            throw invalid("it is not a cursor this API issued");
        }
    }

    private static ProblemException invalid(String why) {
        return ProblemException.badRequest("INVALID_CURSOR", "The cursor is not valid: " + why + ".",
                Violation.parameter("cursor", "not a cursor from a previous page of this list"));
    }
}
