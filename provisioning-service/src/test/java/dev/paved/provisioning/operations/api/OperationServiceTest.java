package dev.paved.provisioning.operations.api;

import static dev.paved.provisioning.Problems.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.paved.api.provisioning.v1.CancelOperationRequest;
import dev.paved.api.provisioning.v1.GetOperationRequest;
import dev.paved.api.provisioning.v1.ListOperationsRequest;
import dev.paved.api.provisioning.v1.ListOperationsResponse;
import dev.paved.api.provisioning.v1.Operation;
import dev.paved.api.provisioning.v1.OperationEvent;
import dev.paved.api.provisioning.v1.OperationEventType;
import dev.paved.api.provisioning.v1.OperationState;
import dev.paved.api.provisioning.v1.OperationType;
import dev.paved.api.provisioning.v1.StepState;
import dev.paved.api.provisioning.v1.WatchOperationRequest;
import dev.paved.common.problem.Problem;
import dev.paved.common.problem.Violation;
import dev.paved.provisioning.GrpcClients;
import dev.paved.provisioning.Provisioning;
import dev.paved.provisioning.kubernetes.KubernetesApiResource;
import dev.paved.testing.OidcTestResource;
import dev.paved.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KubernetesApiResource.class, restrictToAnnotatedClass = false)
class OperationServiceTest {

    @Test
    void streamsEveryEventUntilTheOperationEnds() {
        String token = Provisioning.member("payments");
        Operation accepted = Provisioning.create(token, "payments", Provisioning.freshApplication(), "dev");

        List<OperationEvent> events = new ArrayList<>();
        GrpcClients.operations(token).watchOperation(WatchOperationRequest.newBuilder().setId(accepted.getId()).build())
                .forEachRemaining(events::add);

        assertEquals(OperationState.OPERATION_STATE_PENDING, events.get(0).getOperationState());
        OperationEvent last = events.get(events.size() - 1);
        assertEquals(OperationEventType.OPERATION_EVENT_TYPE_OPERATION, last.getType());
        assertEquals(OperationState.OPERATION_STATE_SUCCEEDED, last.getOperationState());
        assertEquals(9, events.stream().filter(event -> event.getStepState() == StepState.STEP_STATE_SUCCEEDED).count());
        for (int i = 1; i < events.size(); i++) {
            assertTrue(events.get(i).getSequence() > events.get(i - 1).getSequence(), "events arrive in order");
        }

        long resumeAfter = events.get(events.size() - 3).getSequence();
        List<OperationEvent> resumed = new ArrayList<>();
        GrpcClients.operations(token).watchOperation(WatchOperationRequest.newBuilder().setId(accepted.getId())
                .setAfterSequence(resumeAfter).build()).forEachRemaining(resumed::add);
        assertEquals(events.subList(events.size() - 2, events.size()), resumed);
    }

    @Test
    void watchingAnEndedOperationSendsWhatIsLeftAndCompletesAtOnce() {
        String token = Provisioning.member("payments");
        Operation done = Provisioning.awaitFinal(
                Provisioning.create(token, "payments", Provisioning.freshApplication(), "dev").getId());
        List<OperationEvent> events = new ArrayList<>();
        GrpcClients.operations(token).watchOperation(WatchOperationRequest.newBuilder().setId(done.getId()).build())
                .forEachRemaining(events::add);
        long last = events.get(events.size() - 1).getSequence();

        for (long after : new long[] {last, last + 1000}) {
            List<OperationEvent> resumed = new ArrayList<>();
            // A watch left open until the deadline fails with DEADLINE_EXCEEDED.
            GrpcClients.operations(token).withDeadlineAfter(5, TimeUnit.SECONDS).watchOperation(
                    WatchOperationRequest.newBuilder().setId(done.getId()).setAfterSequence(after).build())
                    .forEachRemaining(resumed::add);
            assertEquals(List.of(), resumed);
        }
        List<OperationEvent> lastOnly = new ArrayList<>();
        long beforeLast = events.get(events.size() - 2).getSequence();
        GrpcClients.operations(token).withDeadlineAfter(5, TimeUnit.SECONDS).watchOperation(
                WatchOperationRequest.newBuilder().setId(done.getId()).setAfterSequence(beforeLast).build())
                .forEachRemaining(lastOnly::add);
        assertEquals(events.subList(events.size() - 1, events.size()), lastOnly);
    }

    @Test
    void watchingRefusesStrangersAndUnknownOperations() {
        Operation accepted = Provisioning.create(Provisioning.ADMIN, "payments", Provisioning.freshApplication(), "dev");
        Iterator<OperationEvent> stranger = GrpcClients.operations(Provisioning.member("search"))
                .watchOperation(WatchOperationRequest.newBuilder().setId(accepted.getId()).build());
        assertProblem(403, "OPERATION_FORBIDDEN", stranger::hasNext);
        Iterator<OperationEvent> unknown = GrpcClients.operations(Provisioning.ADMIN)
                .watchOperation(WatchOperationRequest.newBuilder().setId("0190a0a0-0000-7000-8000-000000000000").build());
        assertProblem(404, "OPERATION_NOT_FOUND", unknown::hasNext);
        Provisioning.awaitFinal(accepted.getId());
    }

    @Test
    void rejectsOperationIdsThatAreNotUuidsAndUnknownOnes() {
        assertProblem(400, "INVALID_OPERATION_ID", () -> GrpcClients.operations(Provisioning.ADMIN)
                .getOperation(GetOperationRequest.newBuilder().setId("not-a-uuid").build()));
        assertProblem(404, "OPERATION_NOT_FOUND", () -> GrpcClients.operations(Provisioning.ADMIN)
                .getOperation(GetOperationRequest.newBuilder().setId("0190a0a0-0000-7000-8000-000000000000").build()));
        assertProblem(400, "INVALID_OPERATION_ID", () -> GrpcClients.operations(Provisioning.ADMIN)
                .cancelOperation(CancelOperationRequest.newBuilder().setId("42").build()));
    }

    @Test
    void cannotCancelAFinishedOperation() {
        Operation done = Provisioning.awaitFinal(
                Provisioning.create(Provisioning.ADMIN, "payments", Provisioning.freshApplication(), "dev").getId());
        assertProblem(409, "OPERATION_FINISHED", () -> GrpcClients.operations(Provisioning.ADMIN)
                .cancelOperation(CancelOperationRequest.newBuilder().setId(done.getId()).build()));
        assertProblem(403, "OPERATION_FORBIDDEN", () -> GrpcClients.operations(Provisioning.member("search"))
                .cancelOperation(CancelOperationRequest.newBuilder().setId(done.getId()).build()));
    }

    @Test
    void listsTheCallersOperationsNewestFirstWithFilters() {
        String application = Provisioning.freshApplication();
        Operation first = Provisioning.awaitFinal(
                Provisioning.create(Provisioning.member("search"), "search", application, "dev").getId());
        Operation second = Provisioning.awaitFinal(
                Provisioning.create(Provisioning.member("search"), "search", application, "prod").getId());
        Provisioning.awaitFinal(Provisioning.create(Provisioning.ADMIN, "payments", application + "-x", "dev").getId());

        ListOperationsResponse mine = GrpcClients.operations(Provisioning.member("search"))
                .listOperations(ListOperationsRequest.newBuilder().setType(OperationType.OPERATION_TYPE_CREATE_ENVIRONMENT)
                        .setState(OperationState.OPERATION_STATE_SUCCEEDED).build());
        List<String> ids = mine.getOperationsList().stream().map(Operation::getId).toList();
        assertTrue(ids.indexOf(second.getId()) < ids.indexOf(first.getId()) && ids.indexOf(second.getId()) >= 0);
        assertTrue(mine.getOperationsList().stream().allMatch(operation -> operation.getTeam().equals("search")));

        ListOperationsResponse forEnvironment = GrpcClients.operations(Provisioning.member("search"))
                .listOperations(ListOperationsRequest.newBuilder().setEnvironment(application + "-dev").build());
        assertEquals(List.of(first.getId()), forEnvironment.getOperationsList().stream().map(Operation::getId).toList());

        assertEquals(0, GrpcClients.operations(Provisioning.member("search")).listOperations(
                ListOperationsRequest.newBuilder().setTeam("payments").build()).getOperationsCount());
    }

    @Test
    void refusesFilterValuesAndSequencesItDoesNotKnowAsRestDoes() {
        Operation done = Provisioning.awaitFinal(
                Provisioning.create(Provisioning.ADMIN, "payments", Provisioning.freshApplication(), "dev").getId());

        Problem state = assertProblem(400, "INVALID_FILTER", () -> GrpcClients.operations(Provisioning.ADMIN)
                .listOperations(ListOperationsRequest.newBuilder().setStateValue(99).build()));
        assertEquals(List.of(Violation.parameter("state", "must be one of PENDING, RUNNING, SUCCEEDED, FAILED, "
                + "CANCELLED")), state.errors());
        Problem type = assertProblem(400, "INVALID_FILTER", () -> GrpcClients.operations(Provisioning.ADMIN)
                .listOperations(ListOperationsRequest.newBuilder().setTypeValue(42).build()));
        assertEquals("type", type.errors().get(0).parameter());
        Iterator<OperationEvent> beforeTheFirst = GrpcClients.operations(Provisioning.ADMIN).watchOperation(
                WatchOperationRequest.newBuilder().setId(done.getId()).setAfterSequence(-5).build());
        assertProblem(400, "INVALID_LAST_EVENT_ID", beforeTheFirst::hasNext);
    }
}
