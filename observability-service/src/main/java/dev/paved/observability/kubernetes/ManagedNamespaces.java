package dev.paved.observability.kubernetes;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;

import dev.paved.observability.health.domain.NamespaceObjects;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * The namespaces of one cluster that Paved manages (label {@code app.kubernetes.io/managed-by=paved})
 * and the informers of each. A namespace that gains the label gets its informers; one that loses it,
 * or is deleted, has them stopped and its objects dropped: the API server tells a label-selected watch
 * of an object that stops matching as if it had been deleted.
 */
final class ManagedNamespaces implements AutoCloseable {

    private static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    private static final String PAVED = "paved";

    private static final Logger LOG = Logger.getLogger(ManagedNamespaces.class);

    private final String cluster;
    private final KubernetesClient client;
    private final Map<String, NamespaceInformers> informers = new ConcurrentHashMap<>();
    private final SharedIndexInformer<Namespace> namespaces;
    private boolean closed;

    private ManagedNamespaces(String cluster, KubernetesClient client) {
        this.cluster = cluster;
        this.client = client;
        this.namespaces = client.namespaces().withLabel(MANAGED_BY, PAVED)
                .runnableInformer(NamespaceInformers.NO_RESYNC)
                .removeNamespaceIndex()
                .exceptionHandler((started, failure) -> true);
        this.namespaces.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Namespace namespace) {
                observe(namespace.getMetadata().getName());
            }

            @Override
            public void onUpdate(Namespace before, Namespace after) {
                observe(after.getMetadata().getName());
            }

            @Override
            public void onDelete(Namespace namespace, boolean finalStateUnknown) {
                forget(namespace.getMetadata().getName());
            }
        });
        this.namespaces.start();
    }

    static ManagedNamespaces start(String cluster, KubernetesClient client) {
        return new ManagedNamespaces(cluster, client);
    }

    /** The namespace's objects, once its informers have listed them; empty while not, or when it is not managed. */
    Optional<NamespaceObjects> objects(String namespace) {
        NamespaceInformers namespaceInformers = informers.get(namespace);
        if (namespaceInformers == null || !namespaceInformers.hasSynced()) {
            return Optional.empty();
        }
        return Optional.of(namespaceInformers.objects());
    }

    /** See {@link NamespaceInformers#observedAt}; empty while the namespace is not observed. */
    Optional<Instant> observedAt(String namespace, Instant now) {
        NamespaceInformers namespaceInformers = informers.get(namespace);
        return namespaceInformers == null ? Optional.empty() : Optional.ofNullable(namespaceInformers.observedAt(now));
    }

    Set<String> namespaces() {
        return Set.copyOf(informers.keySet());
    }

    /** Whether the managed namespaces, and the objects of every one of them, have been listed. */
    boolean hasSynced() {
        if (!namespaces.hasSynced()) {
            return false;
        }
        // The store, not the informers started so far: the handler that starts them runs after the list.
        for (Namespace namespace : namespaces.getStore().list()) {
            NamespaceInformers namespaceInformers = informers.get(namespace.getMetadata().getName());
            if (namespaceInformers == null || !namespaceInformers.hasSynced()) {
                return false;
            }
        }
        return true;
    }

    private synchronized void observe(String namespace) {
        if (closed) {
            return;
        }
        informers.computeIfAbsent(namespace, name -> {
            LOG.debugf("cluster %s: observing namespace %s", cluster, name);
            return NamespaceInformers.start(client, name);
        });
    }

    private synchronized void forget(String namespace) {
        NamespaceInformers removed = informers.remove(namespace);
        if (removed != null) {
            LOG.debugf("cluster %s: no longer observing namespace %s", cluster, namespace);
            removed.close();
        }
    }

    /** Stops every informer; an event the namespace informer delivers afterwards starts none. */
    @Override
    public synchronized void close() {
        closed = true;
        namespaces.stop();
        informers.values().forEach(NamespaceInformers::close);
        informers.clear();
    }
}
