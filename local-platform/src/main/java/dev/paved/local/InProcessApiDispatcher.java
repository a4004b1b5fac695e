package dev.paved.local;

import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.server.mock.KubernetesAttributesExtractor;
import io.fabric8.mockwebserver.crud.Attribute;
import io.fabric8.mockwebserver.crud.AttributeSet;
import io.fabric8.mockwebserver.http.MockResponse;

/**
 * The in-process API's store: fabric8's CRUD dispatcher with server-side apply (see the superclass),
 * plus two things a real control plane does that the mock server does not. Deleting a namespace
 * deletes what lies in it, as Kubernetes' namespace controller does (the mock would keep it forever).
 * And every change is handed to {@link ObjectFiles}, when given, so that the objects outlive the process.
 * Objects are also indexed by their identity (group, version, plural, namespace, name): the mock
 * finds one by comparing the request with every stored object, so each read of one object and each
 * write cost as much as a list, and a cluster with a simulator's thousands of pods and events slowed
 * down with every object it stored.
 */
public class InProcessApiDispatcher extends ServerSideApplyDispatcher {

    private static final Pattern NAMESPACE_PATH = Pattern.compile("/api/v1/namespaces/([^/?]+)/?(\\?.*)?");

    /** A stored object's key (its attributes, which include its labels) and its JSON. */
    private record Stored(AttributeSet key, String json) {
    }

    private final Map<String, Stored> byIdentity = new ConcurrentHashMap<>();
    private volatile ObjectFiles files;

    /** Hands every later change to {@code target}; objects already stored were loaded from it. */
    void persistTo(ObjectFiles target) {
        this.files = target;
    }

    @Override
    public MockResponse handleDelete(String path) {
        Matcher namespace = NAMESPACE_PATH.matcher(path);
        if (namespace.matches() && super.handleGet("/api/v1/namespaces/" + namespace.group(1)).code() == 200) {
            // Contents first, as the namespace controller empties a namespace before it goes.
            deleteContentsOf(namespace.group(1));
        }
        return super.handleDelete(path);
    }

    private void deleteContentsOf(String namespace) {
        Set<String> collections = new LinkedHashSet<>();
        synchronized (map) {
            for (AttributeSet key : map.keySet()) {
                if (namespace.equals(value(key, KubernetesAttributesExtractor.NAMESPACE))) {
                    collections.add(collectionPath(key, namespace));
                }
            }
        }
        collections.forEach(super::handleDelete);
    }

    private static String collectionPath(AttributeSet key, String namespace) {
        String group = value(key, KubernetesAttributesExtractor.API);
        String version = value(key, KubernetesAttributesExtractor.VERSION);
        String prefix = group == null ? "/api/" + version : "/apis/" + group + "/" + version;
        return prefix + "/namespaces/" + namespace + "/" + value(key, KubernetesAttributesExtractor.PLURAL);
    }

    /** The value of a single-valued attribute of a stored object's key, or null. */
    static String value(AttributeSet key, String name) {
        Attribute attribute = key == null ? null : key.getAttribute(name);
        return attribute == null || attribute.getValues().isEmpty() ? null
                : attribute.getValues().get(0).toString();
    }

    @Override
    public MockResponse handleGet(String path) {
        AttributeSet query = getKey(path);
        if (query.containsKey(KubernetesAttributesExtractor.NAME) && !path.contains("watch=")) {
            Map.Entry<AttributeSet, String> found = findResource(query);
            return found == null ? new MockResponse().setResponseCode(404)
                    : new MockResponse().setResponseCode(200).setBody(found.getValue());
        }
        return super.handleGet(path);
    }

    @Override
    public Map.Entry<AttributeSet, String> findResource(AttributeSet query) {
        String identity = identityOf(query);
        if (identity == null) {
            return super.findResource(query);
        }
        Stored stored = byIdentity.get(identity);
        return stored == null || !stored.key().matches(query) ? null : Map.entry(stored.key(), stored.json());
    }

    /** The object a key names, or null when the key does not name one object of one version. */
    private static String identity(AttributeSet key, String namespace, String name) {
        String version = value(key, KubernetesAttributesExtractor.VERSION);
        String plural = value(key, KubernetesAttributesExtractor.PLURAL);
        if (name == null || version == null || plural == null) {
            return null;
        }
        String group = value(key, KubernetesAttributesExtractor.API);
        return (group == null ? "" : group) + "/" + version + "/" + plural + "/" + (namespace == null ? "" : namespace)
                + "/" + name;
    }

    @Override
    public void processEvent(String path, AttributeSet pathAttributes, AttributeSet oldAttributes,
            GenericKubernetesResource resource, String newState) {
        String existing = oldAttributes == null ? null : map.get(oldAttributes);
        super.processEvent(path, pathAttributes, oldAttributes, resource, newState);
        AttributeSet key = newState == null ? null : storedKey(pathAttributes, resource, newState);
        String after = key == null ? null : identityOf(key);
        // Reads by identity take no lock: a changed object is replaced in one step, never removed and
        // added again, or a read in between would find it missing.
        if (after != null) {
            byIdentity.put(after, new Stored(key, newState));
        }
        String before = oldAttributes == null ? null : identityOf(oldAttributes);
        if (before != null && !before.equals(after)) {
            byIdentity.remove(before);
        }
        ObjectFiles target = files;
        if (target != null && !Objects.equals(existing, newState)) {
            AttributeSet changed = key != null ? key : oldAttributes;
            target.changed(value(changed, KubernetesAttributesExtractor.API),
                    value(changed, KubernetesAttributesExtractor.PLURAL),
                    value(changed, KubernetesAttributesExtractor.NAMESPACE),
                    value(changed, KubernetesAttributesExtractor.NAME), newState);
        }
    }

    /** The key fabric8's store files a new state under, derived as it derives it. */
    private AttributeSet storedKey(AttributeSet pathAttributes, GenericKubernetesResource resource, String newState) {
        KubernetesAttributesExtractor extractor = (KubernetesAttributesExtractor) attributeExtractor;
        AttributeSet key = resource != null ? extractor.extract(resource) : extractor.fromResource(newState);
        return key.containsKey(KubernetesAttributesExtractor.PLURAL) ? key : AttributeSet.merge(pathAttributes, key);
    }

    private static String identityOf(AttributeSet key) {
        return identity(key, value(key, KubernetesAttributesExtractor.NAMESPACE),
                value(key, KubernetesAttributesExtractor.NAME));
    }

    /** Stores an object read back from files, as its creation at {@code objectPath} would have. */
    void restore(String objectPath, String json) {
        processEvent(objectPath, getKey(objectPath), null, null, json);
    }

    /** Makes the next resourceVersion greater than {@code version}, the highest one restored. */
    void resumeResourceVersionsAfter(long version) {
        // The counter is private to fabric8's dispatcher and only counts up: a million steps take a few ms.
        long current = requestResourceVersion();
        while (current < version) {
            current = requestResourceVersion();
        }
    }
}
