package dev.paved.observability.kubernetes;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import dev.paved.observability.health.domain.NamespaceObjects;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.Informable;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * The informers of one namespace: Deployments, ReplicaSets, StatefulSets, CronJobs, Jobs, Pods and
 * Events (core/v1, all types: a field selector on {@code type} would save memory on a real API server,
 * but is not served by every API a Paved cluster may be, the in-process one included).
 *
 * <p>Each lists, then watches from the list's resourceVersion. A watch the server ends is resumed from
 * the last resourceVersion seen; one that ends with 410 Gone (the version has been compacted away)
 * lists again and replaces the store, so objects deleted while the watch was down disappear. Any other
 * failure, the first list's included, is retried with fabric8's back-off (1 s doubling to 32 s) for
 * as long as the namespace is managed.
 */
final class NamespaceInformers implements AutoCloseable {

    /** No resync: the store is read directly, and a resync would only replay it to handlers there are none of. */
    static final long NO_RESYNC = 0;

    private final String namespace;
    private final SharedIndexInformer<Deployment> deployments;
    private final SharedIndexInformer<ReplicaSet> replicaSets;
    private final SharedIndexInformer<StatefulSet> statefulSets;
    private final SharedIndexInformer<CronJob> cronJobs;
    private final SharedIndexInformer<Job> jobs;
    private final SharedIndexInformer<Pod> pods;
    private final SharedIndexInformer<Event> events;
    private final List<SharedIndexInformer<?>> all;
    private final AtomicLong changes = new AtomicLong();
    private volatile Snapshot snapshot;
    private volatile Instant lastWatching;

    private NamespaceInformers(KubernetesClient client, String namespace) {
        this.namespace = namespace;
        this.deployments = start(client.apps().deployments().inNamespace(namespace));
        this.replicaSets = start(client.apps().replicaSets().inNamespace(namespace));
        this.statefulSets = start(client.apps().statefulSets().inNamespace(namespace));
        this.cronJobs = start(client.batch().v1().cronjobs().inNamespace(namespace));
        this.jobs = start(client.batch().v1().jobs().inNamespace(namespace));
        this.pods = start(client.pods().inNamespace(namespace));
        this.events = start(client.v1().events().inNamespace(namespace));
        this.all = List.of(deployments, replicaSets, statefulSets, cronJobs, jobs, pods, events);
    }

    static NamespaceInformers start(KubernetesClient client, String namespace) {
        return new NamespaceInformers(client, namespace);
    }

    private <T extends HasMetadata> SharedIndexInformer<T> start(Informable<T> source) {
        SharedIndexInformer<T> informer = source.runnableInformer(NO_RESYNC)
                .itemStore(new CountingItemStore<>(changes))
                // One namespace per informer: an index by namespace would hold one key.
                .removeNamespaceIndex()
                // Retry whatever failed: by default fabric8 gives up when the first list fails.
                .exceptionHandler((started, failure) -> true);
        informer.start();
        return informer;
    }

    /** Whether every informer has completed its first list. */
    boolean hasSynced() {
        for (SharedIndexInformer<?> informer : all) {
            if (!informer.hasSynced()) {
                return false;
            }
        }
        return true;
    }

    /**
     * When the stores were last known to be current: {@code now} while every informer watches (a change
     * reaches them within the watch's delivery delay), else the last time a read found them all
     * watching; null when none has.
     */
    Instant observedAt(Instant now) {
        for (SharedIndexInformer<?> informer : all) {
            if (!informer.isWatching()) {
                return lastWatching;
            }
        }
        lastWatching = now;
        return now;
    }

    /**
     * The objects as the informers hold them now: from memory, no API call. One snapshot serves every
     * read until a store changes.
     */
    NamespaceObjects objects() {
        long version = changes.get();
        Snapshot current = snapshot;
        if (current != null && current.version() == version) {
            return current.objects();
        }
        NamespaceObjects objects = NamespaceObjects.of(namespace, deployments.getStore().list(),
                replicaSets.getStore().list(), statefulSets.getStore().list(), cronJobs.getStore().list(),
                jobs.getStore().list(), pods.getStore().list(), events.getStore().list());
        snapshot = new Snapshot(version, objects);
        return objects;
    }

    /** The objects of the namespace, read when the stores had made {@code version} changes. */
    private record Snapshot(long version, NamespaceObjects objects) {
    }

    @Override
    public void close() {
        all.forEach(SharedIndexInformer::stop);
    }
}
