package dev.paved.provisioning.kubernetes;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.paved.provisioning.domain.ObjectRef;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Reads, applies and deletes single objects on a cluster. Applying is always server-side apply with
 * field manager {@code paved}, forcing conflicts: Paved owns the fields it sets, and applying the
 * same manifest twice is harmless, which is what makes a resumed step safe. Objects travel as
 * fabric8's generic resources (maps), never through its typed model: reading a manifest into the
 * typed model and writing it out again cost more than the request it is sent with.
 */
@ApplicationScoped
public class KubernetesObjects {

    private final Clusters clusters;
    private final KubernetesSerialization serialization = new KubernetesSerialization();

    public KubernetesObjects(Clusters clusters) {
        this.clusters = clusters;
    }

    /** Applies the manifest and answers the uid the cluster gave the object. */
    public String apply(String cluster, ObjectRef ref, String manifest) {
        try {
            GenericKubernetesResource object = serialization.unmarshal(manifest, GenericKubernetesResource.class);
            return client(cluster, ref, "apply").resource(object).fieldManager(Labels.FIELD_MANAGER).forceConflicts()
                    .serverSideApply().getMetadata().getUid();
        } catch (KubernetesClientException e) {
            throw KubernetesCallFailed.of(ref, "apply", e);
        }
    }

    public Optional<JsonNode> get(String cluster, ObjectRef ref) {
        try {
            GenericKubernetesResource live = resource(cluster, ref, "read").get();
            return Optional.ofNullable(live).map(object -> serialization.convertValue(object, JsonNode.class));
        } catch (KubernetesClientException e) {
            throw KubernetesCallFailed.of(ref, "read", e);
        }
    }

    public void delete(String cluster, ObjectRef ref) {
        try {
            resource(cluster, ref, "delete").withPropagationPolicy(DeletionPropagation.BACKGROUND).delete();
        } catch (KubernetesClientException e) {
            throw KubernetesCallFailed.of(ref, "delete", e);
        }
    }

    /** The cluster's client; a cluster the configuration does not lead to fails the step for good. */
    private KubernetesClient client(String cluster, ObjectRef ref, String verb) {
        try {
            return clusters.client(cluster);
        } catch (UnknownCluster unknown) {
            throw new KubernetesCallFailed(ref, 0, false, "Could not " + verb + " " + ref.display() + ": "
                    + unknown.getMessage() + ".");
        }
    }

    private Resource<GenericKubernetesResource> resource(String cluster, ObjectRef ref, String verb) {
        var resources = client(cluster, ref, verb).genericKubernetesResources(ref.apiVersion(), ref.kind());
        return ref.namespace().isEmpty() ? resources.withName(ref.name())
                : resources.inNamespace(ref.namespace()).withName(ref.name());
    }
}
