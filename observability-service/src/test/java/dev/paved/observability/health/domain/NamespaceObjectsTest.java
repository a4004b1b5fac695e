package dev.paved.observability.health.domain;

import static dev.paved.observability.health.domain.Fixtures.deployment;
import static dev.paved.observability.health.domain.Fixtures.objects;
import static dev.paved.observability.health.domain.Fixtures.pod;
import static dev.paved.observability.health.domain.Fixtures.replicaSet;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;

class NamespaceObjectsTest {

    private static final Deployment WEB = deployment("web", 1).build();

    @Test
    void anObjectBelongsToTheOwnerWhoseUidItsControllerReferenceNames() {
        Deployment recreated = deployment("web", 1).editMetadata().withUid("uid-web-recreated").endMetadata().build();
        ReplicaSet orphanOfTheOldWeb = replicaSet(WEB, "5c8d7f4b9");

        NamespaceObjects objects = objects(recreated, orphanOfTheOldWeb);

        assertEquals(List.of(), objects.replicaSetsOf(recreated));
    }

    @Test
    void aReferenceWithoutUidIsMatchedByKindAndName() {
        ReplicaSet set = new ReplicaSetBuilder(replicaSet(WEB, "7d9f8c6b5")).editMetadata().withOwnerReferences(
                new OwnerReferenceBuilder().withKind("Deployment").withName("web").withController(true).build())
                .endMetadata().build();

        assertEquals(List.of(set), objects(WEB, set).replicaSetsOf(WEB));
    }

    @Test
    void theControllerReferenceWinsOverOtherOwners() {
        ReplicaSet set = replicaSet(WEB, "7d9f8c6b5");
        Pod pod = new PodBuilder(pod("web-7d9f8c6b5-x2k9p", set).build()).editMetadata().withOwnerReferences(
                new OwnerReferenceBuilder().withKind("Node").withName("node-1").withUid("uid-node-1").build(),
                new OwnerReferenceBuilder().withKind("ReplicaSet").withName(set.getMetadata().getName())
                        .withUid(set.getMetadata().getUid()).withController(true).build())
                .endMetadata().build();

        assertEquals(List.of(pod), objects(WEB, set, pod).podsOf(WorkloadRef.deployment("web")));
    }

    @Test
    void theKindOfAnObjectComesFromItsClassWhenAListItemCarriesNone() {
        Deployment withoutKind = deployment("web", 1).withKind(null).withApiVersion(null).build();

        assertEquals("Deployment/web", NamespaceObjects.object(withoutKind));
        assertEquals(List.of(WorkloadRef.deployment("web")), objects(List.<HasMetadata>of(withoutKind)).workloads());
    }
}
