package dev.paved.local.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntry;
import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;

/**
 * The simulator's writes, as a controller makes them against a real API server: creations, status
 * through the status subresource, spec changes as merge patches that carry the resourceVersion they
 * were based on (a stale one is refused with 409), deletions. What the API answers goes into the
 * cache at once, and what a deletion leaves without an owner is deleted after it.
 */
final class ClusterWriter {

    /** The field manager of objects the controllers make, as on a real cluster; how the simulator knows its own. */
    static final String CONTROLLER_MANAGER = "kube-controller-manager";

    /** Told of every change the simulator sees, whether it made it or the informers reported it. */
    interface Observer {
        void changed(HasMetadata object);

        void deleted(HasMetadata object);
    }

    private final KubernetesClient client;
    private final ClusterState state;
    private final Observer observer;

    ClusterWriter(KubernetesClient client, ClusterState state, Observer observer) {
        this.client = client;
        this.state = state;
        this.observer = observer;
    }

    KubernetesClient client() {
        return client;
    }

    /** Creates an object marked as the controllers' own. */
    <T extends HasMetadata> T create(T object, Instant now) {
        List<ManagedFieldsEntry> managed = new ArrayList<>(object.getMetadata().getManagedFields());
        managed.add(new ManagedFieldsEntryBuilder().withManager(CONTROLLER_MANAGER).withOperation("Update")
                .withApiVersion(object.getApiVersion()).withTime(Timestamps.format(now)).build());
        object.getMetadata().setManagedFields(managed);
        return observed(client.resource(object).create());
    }

    /** Replaces the object's status with the one it carries. */
    <T extends HasMetadata> T replaceStatus(T object) {
        return observed(client.resource(object).updateStatus());
    }

    /**
     * Merges {@code patch} (an object of the fields to set) into {@code current}'s main resource,
     * refused with 409 when the object has changed since {@code current}.
     */
    <T extends HasMetadata> T patch(T current, ObjectNode patch) {
        patch.withObjectProperty("metadata").put("resourceVersion", current.getMetadata().getResourceVersion());
        return observed(client.resource(current).patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString()));
    }

    static ObjectNode patch() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Deletes the object (gone already is as good) and what it owned that the controllers made. */
    <T extends HasMetadata> void delete(T object) {
        try {
            client.resource(object).delete();
        } catch (KubernetesClientException e) {
            if (e.getCode() != 404) {
                throw e;
            }
        }
        forgotten(object);
    }

    private <T extends HasMetadata> T observed(T answer) {
        if (state.cacheOf(answer).observe(answer)) {
            observer.changed(answer);
        }
        return answer;
    }

    /** Takes in a deletion the informers reported, or one the simulator made. */
    <T extends HasMetadata> void forgotten(T object) {
        if (state.cacheOf(object).forget(object)) {
            observer.deleted(object);
        }
    }

    /** Takes in a state the informers reported. */
    <T extends HasMetadata> void seen(T object) {
        observed(object);
    }

    static boolean madeByControllers(HasMetadata object) {
        return object.getMetadata().getManagedFields().stream()
                .anyMatch(entry -> CONTROLLER_MANAGER.equals(entry.getManager()));
    }
}
