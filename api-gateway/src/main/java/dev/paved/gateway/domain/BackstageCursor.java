package dev.paved.gateway.domain;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.UnstorableCharacters;
import dev.paved.common.problem.Violation;

/**
 * A by-query cursor of Backstage's catalog API. Backstage's client sends only the cursor, limit and
 * fields after the first page, so the cursor carries the query itself (filters, order, full-text
 * term and the fields it is searched in, whether to count) along with the catalog's own cursor for the position. It is opaque to
 * clients; its JSON has no {@code query} member, which Backstage's client would take for a predicate
 * query and send elsewhere.
 */
public record BackstageCursor(List<String> filter, String order, String text, List<String> textFields, boolean total,
        String position) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_ENCODED_LENGTH = 16384;

    public String encode() {
        try {
            return Base64.getUrlEncoder().withoutPadding().encodeToString(JSON.writeValueAsBytes(this));
        } catch (JsonProcessingException cannotHappen) {
            throw new IllegalStateException(cannotHappen);
        }
    }

    public static BackstageCursor decode(String encoded) {
        if (encoded.length() > MAX_ENCODED_LENGTH) {
            throw invalid("it is too long");
        }
        try {
            BackstageCursor cursor = JSON.readValue(
                    new String(Base64.getUrlDecoder().decode(encoded), StandardCharsets.UTF_8), BackstageCursor.class);
            if (cursor == null || cursor.position() == null || cursor.position().isEmpty()) {
                throw invalid("it names no position");
            }
            if (cursor.filter() != null && cursor.filter().contains(null)
                    || cursor.textFields() != null && cursor.textFields().contains(null)) {
                throw invalid("it is not a cursor this API issued");
            }
            BackstageCursor decoded = new BackstageCursor(cursor.filter() == null ? List.of() : cursor.filter(),
                    cursor.order(), cursor.text(), cursor.textFields() == null ? List.of() : cursor.textFields(),
                    cursor.total(), cursor.position());
            if (decoded.holdsUnstorableText()) {
                throw invalid("it is not a cursor this API issued");
            }
            return decoded;
        } catch (IllegalArgumentException | JsonProcessingException malformed) {
            throw invalid("it is not a cursor this API issued");
        }
    }

    /**
     * A NUL or a lone surrogate no query of this API can hold; the surrogate would even reach the
     * catalog as {@code ?}, protobuf's stand-in, and be queried for.
     */
    private boolean holdsUnstorableText() {
        return Stream.of(filter.stream(), textFields.stream(), Stream.of(order, text, position))
                .flatMap(strings -> strings).anyMatch(UnstorableCharacters::in);
    }

    private static ProblemException invalid(String why) {
        return ProblemException.badRequest("INVALID_CURSOR", "The cursor is not valid: " + why + ".",
                Violation.parameter("cursor", "not a nextCursor or prevCursor of an earlier answer"));
    }
}
