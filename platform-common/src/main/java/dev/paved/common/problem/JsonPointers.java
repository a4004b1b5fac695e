package dev.paved.common.problem;

import java.util.List;

import com.fasterxml.jackson.databind.JsonMappingException;

/** RFC 6901 JSON pointers for the places a request body went wrong. */
public final class JsonPointers {

    private JsonPointers() {
    }

    public static String of(List<JsonMappingException.Reference> path) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference reference : path) {
            pointer.append('/');
            if (reference.getFieldName() != null) {
                pointer.append(escape(reference.getFieldName()));
            } else if (reference.getIndex() >= 0) {
                pointer.append(reference.getIndex());
            }
        }
        return pointer.length() == 0 ? "" : pointer.toString();
    }

    /** {@code create.arg0.spec.owner} (Bean Validation) → {@code /spec/owner}: the method and argument are dropped. */
    static String ofPropertyPath(String propertyPath) {
        String[] segments = propertyPath.split("\\.");
        StringBuilder pointer = new StringBuilder();
        for (int i = 2; i < segments.length; i++) {
            pointer.append('/').append(escape(segments[i].replaceAll("\\[(\\d+)]", "/$1")));
        }
        return pointer.toString();
    }

    public static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }
}
