package dev.paved.provisioning.kubernetes;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
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
        List<String> found = new ArrayList<>();
        compare("", desired, live, found, false);
        return found.stream().findFirst();
    }

    /** The dotted paths of every field of {@code desired} that the live object lacks or holds otherwise. */
    public static List<String> changedFields(JsonNode desired, JsonNode live) {
        List<String> found = new ArrayList<>();
        compare("", desired, live, found, true);
        return found.stream().map(description -> description.substring(0, description.indexOf(": want "))).toList();
    }

    /** Adds the differences under {@code path} to {@code found}; answers whether to stop looking. */
    private static boolean compare(String path, JsonNode desired, JsonNode live, List<String> found, boolean all) {
        if (desired.isObject()) {
            if (desired.isEmpty() && (live == null || live.isMissingNode() || live.isNull())) {
                return false;
            }
            if (live == null || !live.isObject()) {
                found.add(describe(path, desired, live));
                return !all;
            }
            for (Iterator<Map.Entry<String, JsonNode>> fields = desired.fields(); fields.hasNext();) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (compare(join(path, field.getKey()), field.getValue(), live.get(field.getKey()), found, all)) {
                    return true;
                }
            }
            return false;
        }
        if (desired.isArray()) {
            if (live == null || !live.isArray() || live.size() != desired.size()) {
                found.add(describe(path, desired, live));
                return !all;
            }
            for (int i = 0; i < desired.size(); i++) {
                if (compare(path + "[" + i + "]", desired.get(i), live.get(i), found, all)) {
                    return true;
                }
            }
            return false;
        }
        if (live == null || !desired.asText().equals(live.asText())) {
            found.add(describe(path, desired, live));
            return !all;
        }
        return false;
    }

    private static String join(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    private static String describe(String path, JsonNode desired, JsonNode live) {
        return path + ": want " + desired + ", found " + (live == null || live.isMissingNode() ? "nothing" : live);
    }
}
