package dev.paved.local.simulator;

import java.util.ArrayList;
import java.util.List;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;

/**
 * Kubernetes' garbage collector, for what the simulator's controllers made: a ReplicaSet, Job or pod
 * whose owners are all gone is deleted, as with background propagation. The in-process API keeps
 * dependents forever; objects the controllers did not make are left as they are.
 */
final class GarbageCollector {

    private final ClusterState state;
    private final ClusterWriter writer;

    GarbageCollector(ClusterState state, ClusterWriter writer) {
        this.state = state;
        this.writer = writer;
    }

    /** Deletes what {@code owner} owned and nothing else owns. */
    void ownerDeleted(HasMetadata owner) {
        String uid = owner.getMetadata().getUid();
        if (uid == null) {
            return;
        }
        List<HasMetadata> dependents = new ArrayList<>();
        dependents.addAll(state.replicaSets.ownedBy(uid));
        dependents.addAll(state.jobs.ownedBy(uid));
        dependents.addAll(state.pods.ownedBy(uid));
        dependents.stream().filter(this::orphaned).forEach(writer::delete);
    }

    /** Deletes every orphan, for a start after owners went while the simulator was not running. */
    void collectOrphans() {
        List<HasMetadata> candidates = new ArrayList<>();
        candidates.addAll(state.replicaSets.all());
        candidates.addAll(state.jobs.all());
        candidates.addAll(state.pods.all());
        candidates.stream().filter(this::orphaned).forEach(writer::delete);
    }

    private boolean orphaned(HasMetadata object) {
        List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
        return ClusterWriter.madeByControllers(object) && !owners.isEmpty()
                && owners.stream().noneMatch(owner -> exists(owner.getUid()));
    }

    private boolean exists(String uid) {
        return state.deployments.byUid(uid).isPresent() || state.replicaSets.byUid(uid).isPresent()
                || state.cronJobs.byUid(uid).isPresent() || state.jobs.byUid(uid).isPresent();
    }
}
