package dev.paved.local.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The IDs a container runtime gives: derived from what they name, so that they are the same every time. */
final class ContainerIdentity {

    private ContainerIdentity() {
    }

    /** The ID of a container instance: its pod, its name and how many times it was restarted before. */
    static String containerId(String podUid, String container, int instance) {
        return "containerd://" + sha256(podUid + "/" + container + "/" + instance);
    }

    static String imageId(String image) {
        String reference = fullReference(image);
        int tag = reference.lastIndexOf(':');
        String repository = tag > reference.lastIndexOf('/') ? reference.substring(0, tag) : reference;
        int digest = repository.indexOf('@');
        return (digest > 0 ? repository.substring(0, digest) : repository) + "@sha256:" + sha256(reference);
    }

    /** An image reference as containerd pulls it: a registry and a tag, Docker Hub's library by default. */
    static String fullReference(String image) {
        String reference = image == null ? "" : image;
        int slash = reference.indexOf('/');
        String first = slash < 0 ? "" : reference.substring(0, slash);
        if (slash < 0) {
            reference = "docker.io/library/" + reference;
        } else if (!first.contains(".") && !first.contains(":") && !first.equals("localhost")) {
            reference = "docker.io/" + reference;
        }
        if (!reference.contains("@") && reference.lastIndexOf(':') < reference.lastIndexOf('/')) {
            reference = reference + ":latest";
        }
        return reference;
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
