package dev.paved.provisioning.environments.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.paved.common.paging.Page;
import dev.paved.common.paging.PageRequest;
import dev.paved.common.security.Caller;
import dev.paved.provisioning.Provisioning;
import dev.paved.provisioning.Statements;
import dev.paved.provisioning.domain.ObjectRef;
import dev.paved.provisioning.environments.persistence.DriftEntity;
import dev.paved.provisioning.kubernetes.KubernetesApiResource;
import dev.paved.testing.OidcTestResource;
import dev.paved.testing.PostgresTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KubernetesApiResource.class, restrictToAnnotatedClass = false)
class EnvironmentPagesTest {

    private static final Caller ADMIN = new Caller("root", Set.of(), Set.of(Caller.PLATFORM_ADMIN), Set.of());

    @Inject
    Environments environments;

    /** The application's environments in dev, staging and prod, with 25, 2 and no drift recorded. */
    private String withDrift() {
        String application = Provisioning.freshApplication();
        int[] drifts = {25, 2, 0};
        String[] stages = {"dev", "staging", "prod"};
        for (int i = 0; i < stages.length; i++) {
            Provisioning.awaitFinal(Provisioning.create(Provisioning.ADMIN, "payments", application, stages[i])
                    .getId());
            Environment environment = environments.get(ADMIN, application + "-" + stages[i]).environment();
            int count = drifts[i];
            QuarkusTransaction.requiringNew().run(() -> IntStream.range(0, count).forEach(n -> DriftEntity.of(
                    environment.id(), new ObjectRef("v1", "ConfigMap", environment.namespace(), "drifted-" + n),
                    n % 2 == 0 ? DriftKind.MISSING : DriftKind.MODIFIED, "drift " + n, n % 3 == 0).persist()));
        }
        return application;
    }

    @Test
    void aPageOfEnvironmentsIsReadInAsManyStatementsAsAPageOfOne() {
        String application = withDrift();

        Statements.Sent<Page<EnvironmentView>> one = Statements.sentBy(
                () -> environments.list(ADMIN, null, application, null, PageRequest.of(1, null)));
        Statements.Sent<Page<EnvironmentView>> three = Statements.sentBy(
                () -> environments.list(ADMIN, null, application, null, PageRequest.of(3, null)));

        assertEquals(3, three.result().items().size());
        assertEquals(one.statements().size(), three.statements().size(), String.join("\n", three.statements()));
    }

    @Test
    void eachEnvironmentOfAPageShowsItsNewestDriftAsReadingItAloneDoes() {
        String application = withDrift();

        List<EnvironmentView> listed = environments.list(ADMIN, null, application, null, PageRequest.of(3, null))
                .items();

        assertEquals(List.of(application + "-dev", application + "-prod", application + "-staging"),
                listed.stream().map(view -> view.environment().name()).toList());
        assertEquals(IntStream.iterate(24, n -> n >= 5, n -> n - 1).mapToObj(n -> "drift " + n).toList(),
                listed.get(0).drift().stream().map(Drift::detail).toList());
        assertEquals(List.of(), listed.get(1).drift());
        assertEquals(List.of("drift 1", "drift 0"), listed.get(2).drift().stream().map(Drift::detail).toList());
        for (EnvironmentView view : listed) {
            assertEquals(environments.get(ADMIN, view.environment().name()), view);
        }
    }
}
