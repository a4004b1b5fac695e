package dev.paved.provisioning.deployments.registry;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a digest lookup needs of an image reference ({@code [registry/]repository[:tag][@digest]}), read
 * as Docker does: a first component with a dot or a port, or {@code localhost}, is the registry,
 * otherwise the image is on Docker Hub, where a one-component name lives under {@code library/}; no tag
 * means {@code latest}.
 */
record RegistryImageName(String registry, String repository, String tag, Optional<String> digest) {

    static final String DOCKER_HUB = "docker.io";
    private static final Pattern REGISTRY = Pattern.compile(
            "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*|\\[[0-9a-fA-F:.]+\\])"
                    + "(?::[0-9]{1,5})?");
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern DIGEST = Pattern.compile("[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]{32,}");

    /** The reference read, or empty when it is not a valid image reference. */
    static Optional<RegistryImageName> parse(String reference) {
        if (reference == null || reference.isBlank() || reference.length() > 512) {
            return Optional.empty();
        }
        String rest = reference;
        Optional<String> digest = Optional.empty();
        int at = rest.indexOf('@');
        if (at >= 0) {
            digest = Optional.of(rest.substring(at + 1));
            rest = rest.substring(0, at);
            if (!DIGEST.matcher(digest.get()).matches()) {
                return Optional.empty();
            }
        }
        String tag = "latest";
        int colon = rest.lastIndexOf(':');
        if (colon > rest.lastIndexOf('/')) {
            tag = rest.substring(colon + 1);
            rest = rest.substring(0, colon);
            if (!TAG.matcher(tag).matches()) {
                return Optional.empty();
            }
        }
        String registry = DOCKER_HUB;
        int slash = rest.indexOf('/');
        if (slash > 0) {
            String first = rest.substring(0, slash);
            if (first.contains(".") || first.contains(":") || first.startsWith("[") || first.equals("localhost")) {
                if (!REGISTRY.matcher(first).matches()) {
                    return Optional.empty();
                }
                registry = first.equals("index.docker.io") ? DOCKER_HUB : first.toLowerCase();
                rest = rest.substring(slash + 1);
            }
        }
        for (String component : rest.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                return Optional.empty();
            }
        }
        if (registry.equals(DOCKER_HUB) && !rest.contains("/")) {
            rest = "library/" + rest;
        }
        return Optional.of(new RegistryImageName(registry, rest, tag, digest));
    }

    /** Loopback registries are reached over plain HTTP: there is no network to protect and rarely a certificate. */
    boolean onLoopback() {
        String host = hostWithoutPort();
        return host.equals("127.0.0.1") || host.equals("localhost") || host.equals("[::1]");
    }

    /** Where the distribution API answers: Docker Hub's registry is not at {@code docker.io} itself. */
    String apiHost() {
        return registry.equals(DOCKER_HUB) ? "registry-1.docker.io" : registry;
    }

    private String hostWithoutPort() {
        int portColon = registry.lastIndexOf(':');
        return portColon > registry.lastIndexOf(']') ? registry.substring(0, portColon) : registry;
    }
}
