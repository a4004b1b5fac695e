package dev.paved.provisioning.kubernetes;

import java.util.Iterator;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Whether an object in the cluster still holds every field of the manifest Paved applied. Fields
 * the cluster adds (status, uid, defaults, other managers' fields) are not drift; a field Paved set
 * that is missing or different is.
 */
public final class ManifestDiff {

    private ManifestDiff() {
    }

    /** The first field that differs, described for people, or empty when the live object holds them all. */
    public static Optional<String> firstDifference(JsonNode desired, JsonNode live) {
        return compare("", desired, live);
    }

    private static Optional<String> compare(String path, JsonNode desired, JsonNode live) {
        if (desired.isObject()) {
            if (desired.isEmpty() && (live == null || live.isMissingNode() || live.isNull())) {
                return Optional.empty();
            }
            if (live == null || !live.isObject()) {
                return Optional.of(describe(path, desired, live));
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = desired.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                Optional<String> difference = compare(join(path, field.getKey()), field.getValue(),
                        live.get(field.getKey()));
                if (difference.isPresent()) {
                    return difference;
                }
            }
            return Optional.empty();
        }
        if (desired.isArray()) {
            if (live == null || !live.isArray() || live.size() != desired.size()) {
                return Optional.of(describe(path, desired, live));
            }
            for (int i = 0; i < desired.size(); i++) {
                Optional<String> difference = compare(path + "[" + i + "]", desired.get(i), live.get(i));
                if (difference.isPresent()) {
                    return difference;
                }
            }
            return Optional.empty();
        }
        if (live == null || !desired.asText().equals(live.asText())) {
            return Optional.of(describe(path, desired, live));
        }
        return Optional.empty();
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private static String describe(String path, JsonNode desired, JsonNode live) {
        return path + ": want " + desired + ", found " + (live == null || live.isMissingNode() ? "nothing" : live);
    }
}
