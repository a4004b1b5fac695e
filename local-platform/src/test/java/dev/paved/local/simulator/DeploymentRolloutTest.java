package dev.paved.local.simulator;

import static dev.paved.local.simulator.SimulatedCluster.await;
import static dev.paved.local.simulator.SimulatedCluster.pavedDeployment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

class DeploymentRolloutTest {

    private static final SimulatedCluster cluster = SimulatedCluster.shared();

    @Test
    void aPavedDeploymentRollsOutToAllReplicasReadyAndReportsItselfAvailable() {
        String namespace = cluster.namespace("rollout");
        cluster.apply(pavedDeployment(namespace, "shop", 3).build());

        Deployment done = await("the rollout of shop", () -> cluster.deployment(namespace, "shop"),
                deployment -> cluster.condition(deployment, "Progressing")
                        .filter(c -> "NewReplicaSetAvailable".equals(c.getReason())).isPresent());

        assertEquals(3, done.getStatus().getReplicas());
        assertEquals(3, done.getStatus().getUpdatedReplicas());
        assertEquals(3, done.getStatus().getReadyReplicas());
        assertEquals(3, done.getStatus().getAvailableReplicas());
        assertEquals(done.getMetadata().getGeneration(), done.getStatus().getObservedGeneration());
        assertEquals("MinimumReplicasAvailable", cluster.condition(done, "Available").orElseThrow().getReason());
        List<ReplicaSet> replicaSets = cluster.replicaSets(namespace);
        assertEquals(1, replicaSets.size());
        ReplicaSet replicaSet = replicaSets.get(0);
        String hash = replicaSet.getMetadata().getLabels().get("pod-template-hash");
        assertEquals("shop-" + hash, replicaSet.getMetadata().getName());
        assertEquals("1", replicaSet.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision"));
        assertEquals(done.getMetadata().getUid(), replicaSet.getMetadata().getOwnerReferences().get(0).getUid());
        List<Pod> pods = cluster.pods(namespace);
        assertEquals(3, pods.size());
        for (Pod pod : pods) {
            assertEquals("Running", pod.getStatus().getPhase());
            assertTrue(pod.getSpec().getNodeName().startsWith("paved-node-"), pod.getSpec().getNodeName());
            assertEquals(replicaSet.getMetadata().getUid(), pod.getMetadata().getOwnerReferences().get(0).getUid());
            assertEquals(hash, pod.getMetadata().getLabels().get("pod-template-hash"));
            assertTrue(pod.getStatus().getContainerStatuses().get(0).getState().getRunning().getStartedAt() != null);
        }
        assertEquals(3, pods.stream().map(pod -> pod.getSpec().getNodeName()).distinct().count(),
                "three replicas spread over three zones");
        assertTrue(!cluster.events(namespace, "ScalingReplicaSet").isEmpty());
        assertEquals(3, cluster.events(namespace, "SuccessfulCreate").size());
        assertEquals(3, cluster.events(namespace, "Scheduled").size());
        assertEquals(3, cluster.events(namespace, "Started").size());
    }

    @Test
    void aTemplateChangeRollsOutWithinMaxSurgeAndMaxUnavailable() throws Exception {
        String namespace = cluster.namespace("rolling");
        cluster.apply(pavedDeployment(namespace, "cart", 4).build());
        awaitRolledOut(namespace, "cart", 1);
        // 25% of 4: one pod above the four, one below.
        List<String> violations = new CopyOnWriteArrayList<>();
        AtomicBoolean listed = new AtomicBoolean();
        Map<String, Integer> specReplicas = new ConcurrentHashMap<>();
        Map<String, Boolean> readyPods = new ConcurrentHashMap<>();
        try (SharedIndexInformer<ReplicaSet> replicaSets = cluster.client.apps().replicaSets().inNamespace(namespace)
                .inform(handler(replicaSet -> {
                    specReplicas.put(replicaSet.getMetadata().getName(), replicaSet.getSpec().getReplicas());
                    int total = specReplicas.values().stream().mapToInt(Integer::intValue).sum();
                    if (total > 5) {
                        violations.add("ReplicaSets asked for " + total + " pods: " + specReplicas);
                    }
                }, replicaSet -> specReplicas.remove(replicaSet.getMetadata().getName())));
                SharedIndexInformer<Pod> pods = cluster.client.pods().inNamespace(namespace)
                        .inform(handler(pod -> {
                            readyPods.put(pod.getMetadata().getName(), Pods.ready(pod));
                            checkAvailable(listed, readyPods, violations);
                        }, pod -> {
                            readyPods.remove(pod.getMetadata().getName());
                            checkAvailable(listed, readyPods, violations);
                        }))) {
            // The informers hand their first list to the handlers a little after they return.
            await("the informers' first lists handled", () -> specReplicas.size() + "/" + readyPods.values().stream()
                    .filter(Boolean::booleanValue).count(), seen -> seen.equals("1/4"));
            listed.set(true);
            cluster.apply(new DeploymentBuilder(pavedDeployment(namespace, "cart", 4).build()).editSpec().editTemplate()
                    .editSpec().editFirstContainer().withImage("registry.example.com/shop/cart:2.0.0").endContainer()
                    .endSpec().endTemplate().endSpec().build());

            Deployment done = awaitRolledOut(namespace, "cart", 2);

            assertEquals(List.of(), violations);
            assertEquals(4, done.getStatus().getUpdatedReplicas());
            assertEquals("2", done.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision"));
        }
        List<ReplicaSet> replicaSets = cluster.replicaSets(namespace);
        assertEquals(2, replicaSets.size());
        ReplicaSet old = replicaSets.stream().filter(rs -> "1".equals(revision(rs))).findFirst().orElseThrow();
        ReplicaSet current = replicaSets.stream().filter(rs -> "2".equals(revision(rs))).findFirst().orElseThrow();
        assertEquals(0, old.getSpec().getReplicas());
        assertEquals(4, current.getSpec().getReplicas());
        List<Pod> pods = cluster.pods(namespace);
        assertEquals(4, pods.size());
        assertTrue(pods.stream().allMatch(pod -> pod.getSpec().getContainers().get(0).getImage().endsWith(":2.0.0")));
        assertTrue(cluster.events(namespace, "Killing").size() >= 4, "the old pods' containers were stopped");
    }

    @Test
    void aTemplateRolledBackToMakesItsOldReplicaSetTheNewestRevision() {
        String namespace = cluster.namespace("rollback");
        Deployment first = pavedDeployment(namespace, "api", 2).build();
        cluster.apply(first);
        awaitRolledOut(namespace, "api", 1);
        cluster.apply(new DeploymentBuilder(first).editSpec().editTemplate().editSpec().editFirstContainer()
                .withImage("registry.example.com/shop/api:2.0.0").endContainer().endSpec().endTemplate().endSpec()
                .build());
        awaitRolledOut(namespace, "api", 2);

        cluster.apply(first);

        awaitRolledOut(namespace, "api", 3);
        List<ReplicaSet> replicaSets = cluster.replicaSets(namespace);
        assertEquals(2, replicaSets.size(), "the first template's ReplicaSet came back rather than a third");
        ReplicaSet back = replicaSets.stream().filter(rs -> rs.getSpec().getReplicas() == 2).findFirst().orElseThrow();
        assertEquals("3", revision(back));
        assertTrue(back.getSpec().getTemplate().getSpec().getContainers().get(0).getImage().endsWith(":1.0.0"));
    }

    @Test
    void scalingDownDeletesTheSurplusPodsAndScalingUpAddsPods() {
        String namespace = cluster.namespace("scaling");
        cluster.apply(pavedDeployment(namespace, "queue", 3).build());
        awaitRolledOut(namespace, "queue", 1);

        cluster.apply(pavedDeployment(namespace, "queue", 1).build());

        Deployment down = await("queue scaled to 1", () -> cluster.deployment(namespace, "queue"),
                deployment -> deployment.getStatus().getReplicas() == 1
                        && deployment.getStatus().getObservedGeneration() == deployment.getMetadata().getGeneration());
        assertEquals(1, down.getStatus().getAvailableReplicas());
        assertEquals(1, cluster.pods(namespace).size());
        assertEquals(2, cluster.events(namespace, "SuccessfulDelete").size());
        assertTrue(cluster.events(namespace, "ScalingReplicaSet").stream()
                .anyMatch(event -> event.getMessage().contains("from 3 to 1")));

        cluster.apply(pavedDeployment(namespace, "queue", 2).build());

        await("queue scaled to 2", () -> cluster.deployment(namespace, "queue"),
                deployment -> deployment.getStatus().getAvailableReplicas() != null
                        && deployment.getStatus().getAvailableReplicas() == 2);
        assertEquals(1, cluster.replicaSets(namespace).size(), "scaling keeps the one ReplicaSet");
    }

    @Test
    void deletingADeploymentDeletesItsReplicaSetsAndPods() {
        String namespace = cluster.namespace("deleting");
        cluster.apply(pavedDeployment(namespace, "billing", 2).build());
        awaitRolledOut(namespace, "billing", 1);

        cluster.client.apps().deployments().inNamespace(namespace).withName("billing").delete();

        await("billing's ReplicaSets and pods gone", () -> cluster.replicaSets(namespace).size()
                + cluster.pods(namespace).size(), count -> count == 0);
    }

    @Test
    void aDeploymentWithoutThePavedLabelIsLeftAlone() {
        String namespace = cluster.namespace("unlabelled");
        Deployment foreign = new DeploymentBuilder(pavedDeployment(namespace, "foreign", 2).build()).editMetadata()
                .removeFromLabels("app.kubernetes.io/managed-by").endMetadata().build();
        cluster.client.resource(foreign).create();
        cluster.apply(pavedDeployment(namespace, "ours", 1).build());

        awaitRolledOut(namespace, "ours", 1);

        Deployment untouched = cluster.deployment(namespace, "foreign");
        assertEquals(null, untouched.getStatus());
        assertEquals(1, untouched.getMetadata().getGeneration());
        assertTrue(cluster.replicaSets(namespace).stream()
                .noneMatch(rs -> rs.getMetadata().getName().startsWith("foreign-")));
        assertTrue(cluster.pods(namespace).stream().noneMatch(pod -> pod.getMetadata().getName().startsWith("foreign-")));
    }

    private static Deployment awaitRolledOut(String namespace, String name, int revision) {
        return await(name + " rolled out at revision " + revision, () -> cluster.deployment(namespace, name),
                deployment -> String.valueOf(revision).equals(deployment.getMetadata().getAnnotations()
                        .get("deployment.kubernetes.io/revision"))
                        && deployment.getStatus() != null
                        && deployment.getStatus().getObservedGeneration() == deployment.getMetadata().getGeneration()
                        && cluster.condition(deployment, "Progressing")
                                .filter(c -> "NewReplicaSetAvailable".equals(c.getReason())).isPresent()
                        && deployment.getSpec().getReplicas().equals(deployment.getStatus().getReplicas())
                        && deployment.getSpec().getReplicas().equals(deployment.getStatus().getUpdatedReplicas())
                        && deployment.getSpec().getReplicas().equals(deployment.getStatus().getAvailableReplicas()));
    }

    private static String revision(ReplicaSet replicaSet) {
        return replicaSet.getMetadata().getAnnotations().get("deployment.kubernetes.io/revision");
    }

    private static void checkAvailable(AtomicBoolean listed, Map<String, Boolean> readyPods, List<String> violations) {
        if (!listed.get()) {
            return;
        }
        long ready = readyPods.values().stream().filter(Boolean::booleanValue).count();
        if (ready < 3) {
            violations.add("only " + ready + " pods ready: " + readyPods);
        }
    }

    private static <T> ResourceEventHandler<T> handler(Consumer<T> seen,
            Consumer<T> gone) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T object) {
                seen.accept(object);
            }

            @Override
            public void onUpdate(T before, T after) {
                seen.accept(after);
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                gone.accept(object);
            }
        };
    }
}
