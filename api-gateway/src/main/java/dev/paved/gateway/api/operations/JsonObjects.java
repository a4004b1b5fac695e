package dev.paved.gateway.api.operations;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * JSON that a backend rendered as text (a spec, a manifest, a parameter schema), answered as the
 * object it is rather than as a string.
 */
public final class JsonObjects {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> OBJECT = new TypeReference<>() {
    };

    private JsonObjects() {
    }

    /** The parsed object; null for empty text, so that the field is left out. */
    public static Map<String, Object> parse(String json) {
        if (json == null || json.isEmpty()) {
            return null;
        }
        try {
            return JSON.readValue(json, OBJECT);
        } catch (IOException e) {
            throw new UncheckedIOException("A backend answered text that is not JSON", e);
        }
    }

    /** The object as JSON text, for a backend that takes it so. */
    public static String text(Map<String, Object> json) {
        try {
            return JSON.writeValueAsString(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
