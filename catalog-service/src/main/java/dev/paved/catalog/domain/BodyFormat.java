package dev.paved.catalog.domain;

/** How a request body writes its entities. */
public enum BodyFormat {
    /** One object or an array of objects. */
    JSON,
    /** One document or several separated by {@code ---}. */
    YAML;

    /** For a body of unstated format: JSON starts with an object or array, anything else is read as YAML. */
    public static BodyFormat detect(String body) {
        for (int i = 0; body != null && i < body.length(); i++) {
            char c = body.charAt(i);
            if (!Character.isWhitespace(c)) {
                return c == '{' || c == '[' ? JSON : YAML;
            }
        }
        return YAML;
    }
}
