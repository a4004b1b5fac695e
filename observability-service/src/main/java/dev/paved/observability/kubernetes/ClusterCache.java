package dev.paved.observability.kubernetes;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import dev.paved.observability.health.domain.NamespaceObjects;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.quarkus.runtime.StartupEvent;

/**
 * What this service knows of its clusters: for each configured cluster, the live objects of every
 * namespace Paved manages (label {@code app.kubernetes.io/managed-by=paved}), kept current by fabric8
 * informers and read from memory, with no API call.
 *
 * <p>Design: one informer per cluster on the managed namespaces, and per managed namespace one per
 * kind (Deployments, ReplicaSets, StatefulSets, CronJobs, Jobs, Pods, Events), rather than cluster-wide
 * informers filtered by namespace. The memory held, and what a relist after 410 Gone transfers, are
 * then Paved's namespaces' objects, not every pod of a shared cluster; the service needs no more than
 * list and watch in the namespaces it observes (RBAC could bind it per namespace). The price is seven
 * watches per managed namespace, which the API server serves from its watch cache; fabric8's client
 * allows 8,192 of them per cluster.
 *
 * <p>Reads: one snapshot of a namespace's objects (with the links between them) serves every read until
 * one of its informers' stores changes, so a status costs the rules alone; and the rules run again only
 * for a new snapshot, or once the health computed is {@code reuse-for} old ({@code EnvironmentHealthMemo}).
 *
 * <p>Staleness bound: while the watches are up, a change reaches the cache within the watch's delivery
 * delay: from the API server's answer to a write until a read here returns it, p50 1 ms and p99 4 ms
 * against the in-process API on a 2-core machine (p99 55 ms while the machine ran at a load of 20;
 * bench/observability). A watch the API server closes (fabric8 also closes its own every 5 to 10
 * minutes) is resumed at once from the last resourceVersion; a failed one is retried after 1 s,
 * doubling to 32 s, so after an outage the cache is current again within 32 s of the API server's
 * return plus one list. A watch that ends with 410 Gone lists again (that kind in that namespace) and
 * then watches. There is no resync: the stores are read directly. A namespace that has just gained
 * the label is readable once its informers have listed (see {@link #workloadsOf}).
 */
@ApplicationScoped
public class ClusterCache {

    private final Clusters clusters;
    private final Map<String, ManagedNamespaces> byCluster = new ConcurrentHashMap<>();
    private volatile boolean synced;

    public ClusterCache(Clusters clusters) {
        this.clusters = clusters;
    }

    void startAtStart(@Observes StartupEvent start) {
        start();
    }

    /**
     * Starts observing every configured cluster; the first lists and watches run in the background.
     *
     * @throws UnknownCluster before observing any, when a cluster's context is in no kubeconfig
     */
    public void start() {
        Map<String, KubernetesClient> clients = new LinkedHashMap<>();
        for (String cluster : clusters.names()) {
            clients.put(cluster, clusters.client(cluster));
        }
        clients.forEach((cluster, client) -> byCluster.computeIfAbsent(cluster,
                name -> ManagedNamespaces.start(name, client)));
    }

    /**
     * The objects of a managed namespace of a cluster, from memory. Empty while the cache does not hold
     * the namespace: it is not labelled as managed by Paved (or does not exist), or its informers have
     * not finished their first list (milliseconds after the namespace appeared, or while its cluster
     * cannot be reached since this service started). Callers answer Unknown then.
     *
     * @throws UnknownCluster when the cluster is not configured
     */
    public Optional<NamespaceObjects> workloadsOf(String cluster, String namespace) {
        return observed(cluster).objects(namespace);
    }

    /**
     * When the cache last heard from the cluster about the namespace: {@code now} while all its watches
     * are up, else when they last were. Empty while the namespace is not observed.
     *
     * @throws UnknownCluster when the cluster is not configured
     */
    public Optional<Instant> observedAt(String cluster, String namespace, Instant now) {
        return observed(cluster).observedAt(namespace, now);
    }

    /** The namespaces of the cluster that are managed by Paved, as far as the cache has seen them. */
    public Set<String> managedNamespaces(String cluster) {
        return observed(cluster).namespaces();
    }

    /**
     * Whether the cache has once held every managed namespace of every cluster in full. It stays true
     * afterwards: a namespace that appears later is Unknown for the moment of its first list, not a
     * reason to take this replica out of service.
     */
    public boolean hasSynced() {
        if (!synced) {
            synced = byCluster.keySet().containsAll(clusters.names())
                    && byCluster.values().stream().allMatch(ManagedNamespaces::hasSynced);
        }
        return synced;
    }

    private ManagedNamespaces observed(String cluster) {
        ManagedNamespaces namespaces = byCluster.get(cluster);
        if (namespaces == null) {
            throw new UnknownCluster("cluster '" + cluster + "' is not configured");
        }
        return namespaces;
    }

    /** Stops every informer and forgets what they held. */
    @PreDestroy
    public void stop() {
        byCluster.values().forEach(ManagedNamespaces::close);
        byCluster.clear();
    }
}
