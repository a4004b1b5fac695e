package dev.paved.local.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.fabric8.kubernetes.api.model.PodTemplateSpec;

/**
 * The {@code pod-template-hash} a Deployment's controller gives each ReplicaSet: a 32-bit FNV-1a hash
 * of the pod template, written with the letters and digits Kubernetes uses in generated names (no
 * vowels, so that no word is spelled by chance). Equal templates, the same hash; the ReplicaSet of a
 * template that comes back (a rollback) is found again by it.
 */
final class PodTemplateHash {

    static final String LABEL = "pod-template-hash";
    static final String SAFE_CHARACTERS = "bcdfghjklmnpqrstvwxz2456789";
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

    private PodTemplateHash() {
    }

    static String of(PodTemplateSpec template) {
        Map<?, ?> tree = CANONICAL.convertValue(template, Map.class);
        byte[] bytes;
        try {
            bytes = CANONICAL.writeValueAsString(tree).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a pod template that cannot be written as JSON", e);
        }
        int hash = 0x811c9dc5;
        for (byte b : bytes) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        return safe(Integer.toUnsignedString(hash));
    }

    static String safe(String text) {
        StringBuilder safe = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            safe.append(SAFE_CHARACTERS.charAt(c % SAFE_CHARACTERS.length()));
        }
        return safe.toString();
    }
}
