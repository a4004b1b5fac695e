package dev.paved.provisioning.deployments.kubernetes;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.paved.provisioning.deployments.domain.Rollout;
import dev.paved.provisioning.deployments.domain.RolloutAssessment;
import dev.paved.provisioning.domain.ObjectRef;
import dev.paved.provisioning.kubernetes.Clusters;
import dev.paved.provisioning.kubernetes.KubernetesCallFailed;
import dev.paved.provisioning.kubernetes.KubernetesObjects;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** Reads what a workload's rollout looks like in its cluster: its Deployment, ReplicaSets and pods. */
@ApplicationScoped
public class RolloutReader {

    private final Clusters clusters;
    private final KubernetesObjects objects;
    private final KubernetesSerialization serialization = new KubernetesSerialization();

    public RolloutReader(Clusters clusters, KubernetesObjects objects) {
        this.clusters = clusters;
        this.objects = objects;
    }

    /** Throws {@link KubernetesCallFailed} when the cluster cannot be read. */
    public Rollout read(String cluster, String namespace, String kind, String name) {
        Instant now = Instant.now();
        if ("CronJob".equals(kind)) {
            return RolloutAssessment.ofCronJob(objects.get(cluster, new ObjectRef("batch/v1", "CronJob", namespace,
                    name)), now);
        }
        ObjectRef ref = new ObjectRef("apps/v1", "Deployment", namespace, name);
        Optional<JsonNode> deployment = objects.get(cluster, ref);
        if (deployment.isEmpty()) {
            return RolloutAssessment.ofDeployment(deployment, List.of(), List.of(), now);
        }
        Map<String, String> selector = new java.util.LinkedHashMap<>();
        deployment.get().path("spec").path("selector").path("matchLabels").fields()
                .forEachRemaining(label -> selector.put(label.getKey(), label.getValue().asText()));
        try {
            KubernetesClient client = clusters.client(cluster);
            List<JsonNode> replicaSets = json(client.apps().replicaSets().inNamespace(namespace)
                    .withLabels(selector).list().getItems());
            List<JsonNode> pods = json(client.pods().inNamespace(namespace).withLabels(selector).list().getItems());
            return RolloutAssessment.ofDeployment(deployment, replicaSets, pods, now);
        } catch (KubernetesClientException e) {
            throw KubernetesCallFailed.of(ref, "read the rollout of", e);
        }
    }

    private List<JsonNode> json(List<? extends HasMetadata> items) {
        return items.stream().map(item -> serialization.convertValue(item, JsonNode.class)).toList();
    }
}
