package dev.paved.catalog.domain;

import java.util.regex.Pattern;

/**
 * The one syntax of a field path, in every parameter that names fields (fields, facet, order,
 * filter keys, qFields): dotted segments such as {@code spec.type} or
 * {@code metadata.annotations.backstage.io/source-location}, none of them empty.
 */
final class FieldPaths {

    private static final Pattern PATH = Pattern.compile("[A-Za-z0-9_./:@+#-]{1,300}");

    private FieldPaths() {
    }

    static boolean isPath(String path) {
        return path != null && PATH.matcher(path).matches() && !path.startsWith(".") && !path.endsWith(".")
                && !path.contains("..");
    }
}
