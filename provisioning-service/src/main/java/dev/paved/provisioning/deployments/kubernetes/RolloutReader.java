package dev.paved.provisioning.deployments.kubernetes;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.paved.provisioning.deployments.domain.Rollout;
import dev.paved.provisioning.deployments.domain.RolloutAssessment;
import dev.paved.provisioning.domain.ObjectRef;
import dev.paved.provisioning.kubernetes.Clusters;
import dev.paved.provisioning.kubernetes.KubernetesCallFailed;
import dev.paved.provisioning.kubernetes.Labels;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResourceList;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FilterWatchListDeletable;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * Reads what rollouts look like in their cluster: the Deployments (or CronJobs) Paved applied in a
 * namespace, their ReplicaSets and pods, read with one list per kind for every workload of the
 * namespace at once; ReplicaSets and pods only once a Deployment's controller has caught up with it
 * (see {@link RolloutAssessment}), so that following many fresh rollouts costs one request per
 * namespace.
 */
@ApplicationScoped
public class RolloutReader {

    private final Clusters clusters;
    private final KubernetesSerialization serialization = new KubernetesSerialization();

    public RolloutReader(Clusters clusters) {
        this.clusters = clusters;
    }

    /** One workload's rollout; throws {@link KubernetesCallFailed} when the cluster cannot be read. */
    public Rollout read(String cluster, String namespace, String kind, String name) {
        return readAll(cluster, namespace, Map.of(name, kind)).get(name);
    }

    /**
     * The rollouts of the named workloads of one namespace (workload name → its kind), by workload
     * name. Throws {@link KubernetesCallFailed} when the cluster cannot be read.
     */
    public Map<String, Rollout> readAll(String cluster, String namespace, Map<String, String> kindsByWorkload) {
        Instant now = Instant.now();
        ObjectRef where = new ObjectRef("apps/v1", "Deployment", namespace, "");
        try {
            KubernetesClient client = clusters.client(cluster);
            Map<String, JsonNode> deployments = byName(listed(client.apps().deployments().inNamespace(namespace),
                    kindsByWorkload, "Deployment"));
            Map<String, JsonNode> cronJobs = byName(listed(client.batch().v1().cronjobs().inNamespace(namespace),
                    kindsByWorkload, "CronJob"));
            Supplier<List<JsonNode>> replicaSets = new Once(() -> json(client.apps().replicaSets()
                    .inNamespace(namespace).list().getItems()));
            Supplier<List<JsonNode>> pods = new Once(() -> json(client.pods().inNamespace(namespace).list()
                    .getItems()));
            Map<String, Rollout> rollouts = new LinkedHashMap<>();
            kindsByWorkload.forEach((name, kind) -> rollouts.put(name, "CronJob".equals(kind)
                    ? RolloutAssessment.ofCronJob(Optional.ofNullable(cronJobs.get(name)), now)
                    : ofDeployment(Optional.ofNullable(deployments.get(name)), replicaSets, pods, now)));
            return rollouts;
        } catch (KubernetesClientException e) {
            throw KubernetesCallFailed.of(where, "read the rollouts in", e);
        }
    }

    /** Paved's objects of one kind, in one list request; none when no workload asked about is of that kind. */
    private <T extends HasMetadata> List<JsonNode> listed(
            FilterWatchListDeletable<T, ? extends KubernetesResourceList<T>, ?> objects,
            Map<String, String> kindsByWorkload, String kind) {
        return kindsByWorkload.containsValue(kind)
                ? json(objects.withLabel(Labels.MANAGED_BY, Labels.PAVED).list().getItems())
                : List.of();
    }

    /** The Deployment's rollout, from the ReplicaSets and pods its selector selects. */
    private static Rollout ofDeployment(Optional<JsonNode> deployment, Supplier<List<JsonNode>> replicaSets,
            Supplier<List<JsonNode>> pods, Instant now) {
        JsonNode selector = deployment.map(live -> live.path("spec").path("selector").path("matchLabels"))
                .orElse(null);
        return RolloutAssessment.ofDeployment(deployment, () -> selected(replicaSets.get(), selector),
                () -> selected(pods.get(), selector), now);
    }

    private static List<JsonNode> selected(Collection<JsonNode> objects, JsonNode matchLabels) {
        return objects.stream().filter(object -> {
            JsonNode labels = object.path("metadata").path("labels");
            for (Map.Entry<String, JsonNode> wanted : matchLabels.properties()) {
                if (!wanted.getValue().asText().equals(labels.path(wanted.getKey()).asText(null))) {
                    return false;
                }
            }
            return !matchLabels.isEmpty();
        }).toList();
    }

    private static Map<String, JsonNode> byName(List<JsonNode> objects) {
        Map<String, JsonNode> named = new HashMap<>();
        objects.forEach(object -> named.put(object.path("metadata").path("name").asText(), object));
        return named;
    }

    private List<JsonNode> json(List<? extends HasMetadata> items) {
        return items.stream().map(item -> serialization.convertValue(item, JsonNode.class)).toList();
    }

    /** A list request made when first needed, and only once, for every workload of the namespace. */
    private static final class Once implements Supplier<List<JsonNode>> {

        private final Supplier<List<JsonNode>> request;
        private List<JsonNode> items;

        Once(Supplier<List<JsonNode>> request) {
            this.request = request;
        }

        @Override
        public List<JsonNode> get() {
            if (items == null) {
                items = request.get();
            }
            return items;
        }
    }
}
