package dev.paved.provisioning.deployments.domain;

/** A container's image as the spec gave it, and its digest ({@code sha256:…}; empty when not resolved). */
public record ResolvedImage(String container, String reference, String digest) {

    /** The reference pinned by digest when there is one: {@code registry/repo@sha256:…}. */
    public String pinned() {
        if (digest == null || digest.isEmpty()) {
            return reference;
        }
        int at = reference.indexOf('@');
        String withoutDigest = at >= 0 ? reference.substring(0, at) : reference;
        int slash = withoutDigest.lastIndexOf('/');
        int colon = withoutDigest.lastIndexOf(':');
        String repository = colon > slash ? withoutDigest.substring(0, colon) : withoutDigest;
        return repository + "@" + digest;
    }
}
