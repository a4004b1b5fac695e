package dev.paved.observability.health.domain;

import static dev.paved.observability.health.domain.Fixtures.pod;
import static dev.paved.observability.health.domain.Fixtures.statefulSet;
import static dev.paved.observability.health.domain.Fixtures.waiting;
import static dev.paved.observability.health.domain.Fixtures.withContainers;
import static dev.paved.observability.health.domain.RuleRow.row;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;

/** The S rows of {@link HealthAssessment}'s table. */
class StatefulSetRulesTest {

    private static final StatefulSet DB = statefulSet("db", 3).build();
    private static final String ROLLOUT = "RolloutInProgress StatefulSet/db";

    static Stream<RuleRow> rows() {
        return Stream.of(
                row("every pod ready and updated → Healthy",
                        with(DB, pod("db-0", DB).build(), pod("db-1", DB).build(), pod("db-2", DB).build()), "db",
                        Health.HEALTHY),
                row("S1 no generation observed yet → Progressing",
                        with(statefulSet("db", 3).editStatus().withObservedGeneration(0L).endStatus().build()), "db",
                        Health.PROGRESSING, ROLLOUT).saying("observe generation 1 (it has seen 0)"),
                row("S1 a newer generation not yet observed → Progressing",
                        with(statefulSet("db", 3).editMetadata().withGeneration(3L).endMetadata()
                                .editStatus().withObservedGeneration(2L).endStatus().build()), "db",
                        Health.PROGRESSING, ROLLOUT).saying("observe generation 3 (it has seen 2)"),
                row("S2 scaled to zero → Suspended",
                        with(statefulSet("db", 0).build()), "db", Health.SUSPENDED, "ScaledToZero StatefulSet/db"),
                row("S3 fewer pods ready than desired → Progressing",
                        with(statefulSet("db", 3).editStatus().withReadyReplicas(1).endStatus().build()), "db",
                        Health.PROGRESSING, ROLLOUT).saying("1 of 3 pods are ready"),
                row("S4 more pods than desired (scaling down) → Progressing",
                        with(statefulSet("db", 3).editStatus().withReplicas(4).withReadyReplicas(4).endStatus()
                                .build()), "db",
                        Health.PROGRESSING, ROLLOUT).saying("1 pods above the desired 3 are pending termination"),
                row("S5 fewer pods updated than desired → Progressing",
                        with(statefulSet("db", 3).editStatus().withUpdatedReplicas(1).withUpdateRevision("db-7f8b9c6d5")
                                .endStatus().build()), "db",
                        Health.PROGRESSING, ROLLOUT).saying("1 of 3 pods have been updated"),
                row("S5 a partition holds the update back and it reached the partition → Healthy",
                        with(partitioned(2, 1)), "db", Health.HEALTHY),
                row("S5 not even the pods above the partition updated → Progressing",
                        with(partitioned(2, 0)), "db",
                        Health.PROGRESSING, ROLLOUT).saying("0 of 1 pods have been updated (partition 2)"),
                row("S5 all pods updated but the current revision not yet moved → Progressing",
                        with(statefulSet("db", 3).editStatus().withUpdateRevision("db-7f8b9c6d5").endStatus().build()),
                        "db", Health.PROGRESSING, ROLLOUT).saying("revision db-7f8b9c6d5 has not completed"),
                row("S5 OnDelete waits for no update → Healthy",
                        with(statefulSet("db", 3).editSpec().withNewUpdateStrategy().withType("OnDelete")
                                .endUpdateStrategy().endSpec()
                                .editStatus().withUpdatedReplicas(0).withUpdateRevision("db-7f8b9c6d5").endStatus()
                                .build()), "db", Health.HEALTHY),
                row("a crash-looping pod of the StatefulSet → Degraded",
                        with(DB, pod("db-0", DB).build(),
                                withContainers(pod("db-1", DB), waiting("app", "CrashLoopBackOff", null, 12))), "db",
                        Health.DEGRADED, "CrashLoopBackOff Pod/db-1"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    void aStatefulSetIsAsHealthyAsItsRollingUpdateAndItsPods(RuleRow row) {
        row.check();
    }

    private static StatefulSet partitioned(int partition, int updated) {
        return statefulSet("db", 3).editSpec().editUpdateStrategy().editRollingUpdate().withPartition(partition)
                .endRollingUpdate().endUpdateStrategy().endSpec()
                .editStatus().withUpdatedReplicas(updated).withUpdateRevision("db-7f8b9c6d5").endStatus().build();
    }

    private static List<HasMetadata> with(HasMetadata... objects) {
        return List.of(objects);
    }
}
