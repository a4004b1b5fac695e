package dev.paved.testing.kubernetes;

import java.util.List;
import java.util.Optional;

/**
 * One request to the Kubernetes API as RBAC sees it: API group, resource (with its subresource, as
 * {@code pods/log}), verb and, for a request about one object, its name.
 */
public record ApiAccess(String group, String resource, String verb, Optional<String> name) {

    private static final String APPLY_PATCH = "application/apply-patch";
    private static final List<String> NAMESPACE_SUBRESOURCES = List.of("status", "finalize");

    /**
     * What a request needs, as the API server authorizes it: the access of {@code method} on
     * {@code path} (with its query) and, for a server-side apply, which creates the object when it does
     * not exist and is then authorized as {@code create} as well, that too.
     */
    public static List<ApiAccess> of(String method, String path, String contentType) {
        ApiAccess access = of(method, path);
        if (contentType != null && contentType.startsWith(APPLY_PATCH)) {
            return List.of(access, new ApiAccess(access.group, access.resource, "create", access.name));
        }
        return List.of(access);
    }

    /** The access of {@code method} on {@code path} (with its query), as the API server authorizes it. */
    public static ApiAccess of(String method, String path) {
        int question = path.indexOf('?');
        String query = question < 0 ? "" : path.substring(question + 1);
        String[] segments = (question < 0 ? path : path.substring(0, question)).replaceAll("^/+", "").split("/");
        String group;
        int first;
        if (segments[0].equals("api")) {
            group = "";
            first = 2;
        } else if (segments[0].equals("apis") && segments.length > 3) {
            group = segments[1];
            first = 3;
        } else {
            throw new IllegalArgumentException("not a resource path: " + path);
        }
        List<String> rest = List.of(segments).subList(first, segments.length);
        boolean namespaced = rest.size() >= 3 && rest.get(0).equals("namespaces")
                && !NAMESPACE_SUBRESOURCES.contains(rest.get(2));
        List<String> object = namespaced ? rest.subList(2, rest.size()) : rest;
        String resource = object.get(0);
        Optional<String> name = object.size() > 1 ? Optional.of(object.get(1)) : Optional.empty();
        if (object.size() > 2) {
            resource = resource + "/" + object.get(2);
        }
        return new ApiAccess(group, resource, verb(method, name.isPresent(), query), name);
    }

    private static String verb(String method, boolean oneObject, String query) {
        return switch (method) {
            case "GET" -> oneObject ? "get" : List.of(query.split("&")).contains("watch=true") ? "watch" : "list";
            case "POST" -> "create";
            case "PUT" -> "update";
            case "PATCH" -> "patch";
            case "DELETE" -> oneObject ? "delete" : "deletecollection";
            default -> throw new IllegalArgumentException("no RBAC verb for " + method);
        };
    }

    /** The access without the object's name: what a rule without resourceNames has to grant. */
    public ApiAccess anyObject() {
        return new ApiAccess(group, resource, verb, Optional.empty());
    }

    @Override
    public String toString() {
        return verb + " " + (group.isEmpty() ? "" : group + "/") + resource + name.map(n -> " " + n).orElse("");
    }
}
