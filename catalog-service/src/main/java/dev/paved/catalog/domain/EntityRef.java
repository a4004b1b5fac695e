package dev.paved.catalog.domain;

import java.util.Locale;
import java.util.Optional;

import dev.paved.common.problem.UnstorableCharacters;

/**
 * A reference {@code kind:namespace/name}. References compare case-insensitively (by {@link #key()});
 * {@link #toString()} is Backstage's form: kind and namespace in lower case, the name as written.
 */
public record EntityRef(String kind, String namespace, String name) {

    public static final String DEFAULT_NAMESPACE = "default";

    public String key() {
        return (kind + ":" + namespace + "/" + name).toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return kind.toLowerCase(Locale.ROOT) + ":" + namespace.toLowerCase(Locale.ROOT) + "/" + name;
    }

    /**
     * Parses Backstage's short forms ({@code name}, {@code namespace/name}, {@code kind:name}) with the
     * given defaults; empty when the text is no reference or names no kind and none defaults.
     */
    public static Optional<EntityRef> parse(String text, String defaultKind, String defaultNamespace) {
        // No entity's ref holds what stored text cannot, and PostgreSQL refuses a NUL as a parameter.
        if (text == null || text.isBlank() || UnstorableCharacters.in(text)) {
            return Optional.empty();
        }
        String rest = text.trim();
        String kind = defaultKind;
        int colon = rest.indexOf(':');
        if (colon >= 0) {
            kind = rest.substring(0, colon);
            rest = rest.substring(colon + 1);
        }
        String namespace = defaultNamespace;
        int slash = rest.indexOf('/');
        if (slash >= 0) {
            namespace = rest.substring(0, slash);
            rest = rest.substring(slash + 1);
        }
        if (kind == null || kind.isEmpty() || namespace.isEmpty() || rest.isEmpty() || rest.indexOf(':') >= 0
                || rest.indexOf('/') >= 0) {
            return Optional.empty();
        }
        return Optional.of(new EntityRef(kind, namespace, rest));
    }

    /** A full reference as clients send it to read by ref: the kind is required, the namespace defaults. */
    public static Optional<EntityRef> parseFull(String text) {
        return parse(text, null, DEFAULT_NAMESPACE);
    }
}
