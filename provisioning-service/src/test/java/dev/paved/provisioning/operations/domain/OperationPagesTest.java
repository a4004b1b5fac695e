package dev.paved.provisioning.operations.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.paved.common.paging.Page;
import dev.paved.common.paging.PageRequest;
import dev.paved.common.security.Caller;
import dev.paved.provisioning.Provisioning;
import dev.paved.provisioning.Statements;
import dev.paved.provisioning.kubernetes.KubernetesApiResource;
import dev.paved.testing.OidcTestResource;
import dev.paved.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KubernetesApiResource.class, restrictToAnnotatedClass = false)
class OperationPagesTest {

    private static final Caller ADMIN = new Caller("root", Set.of(), Set.of(Caller.PLATFORM_ADMIN), Set.of());

    @Inject
    Operations operations;

    @Test
    void aPageOfOperationsIsReadInAsManyStatementsAsAPageOfOne() {
        String application = Provisioning.freshApplication();
        for (String stage : new String[] {"dev", "staging", "prod"}) {
            Provisioning.awaitFinal(Provisioning.create(Provisioning.ADMIN, "payments", application, stage).getId());
        }

        Statements.Sent<Page<OperationView>> one = Statements.sentBy(
                () -> operations.list(ADMIN, "payments", null, null, null, PageRequest.of(1, null)));
        Statements.Sent<Page<OperationView>> three = Statements.sentBy(
                () -> operations.list(ADMIN, "payments", null, null, null, PageRequest.of(3, null)));

        assertEquals(3, three.result().items().size());
        assertEquals(one.statements().size(), three.statements().size(), String.join("\n", three.statements()));
    }

    @Test
    void eachOperationOfAPageIsAnsweredAsReadingItAloneAnswersIt() {
        String application = Provisioning.freshApplication();
        for (String stage : new String[] {"dev", "prod"}) {
            Provisioning.awaitFinal(Provisioning.create(Provisioning.ADMIN, "search", application, stage).getId());
        }

        List<OperationView> mine = operations.list(ADMIN, "search", null, null, null, PageRequest.of(50, null))
                .items().stream().filter(view -> view.operation().environmentName().startsWith(application)).toList();

        assertEquals(2, mine.size());
        for (OperationView listed : mine) {
            assertEquals(9, listed.steps().size());
            assertEquals(operations.get(ADMIN, listed.operation().id().toString()), listed);
        }
    }
}
