package dev.paved.provisioning.operations.domain;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import dev.paved.common.id.Ids;
import dev.paved.common.paging.Cursor;
import dev.paved.common.paging.Page;
import dev.paved.common.paging.PageRequest;
import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.common.security.Caller;
import dev.paved.provisioning.domain.Access;
import dev.paved.provisioning.domain.Names;
import dev.paved.provisioning.operations.persistence.OperationQueue;
import dev.paved.provisioning.operations.persistence.OperationStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** Operations as the API sees them: read, listed, cancelled and followed as they happen. */
@ApplicationScoped
public class Operations {

    /** How often a follower of an operation looks for its new events. */
    private static final Duration EVENT_POLL = Duration.ofMillis(200);

    private final OperationStore store;
    private final OperationQueue queue;
    private final OperationLifecycle lifecycle;

    public Operations(OperationStore store, OperationQueue queue, OperationLifecycle lifecycle) {
        this.store = store;
        this.queue = queue;
        this.lifecycle = lifecycle;
    }

    public OperationView get(Caller caller, String id) {
        UUID operationId = parse(id);
        return QuarkusTransaction.requiringNew().call(() -> store.view(visible(caller, operationId)));
    }

    public Page<OperationView> list(Caller caller, String team, String environment, OperationState state,
            OperationType type, PageRequest page) {
        List<Violation> violations = new ArrayList<>();
        if (team != null && !team.isEmpty() && !Names.isLabel(team)) {
            violations.add(Violation.parameter("team", "must be a DNS-1123 label"));
        }
        if (environment != null && !environment.isEmpty() && !Names.isLabel(environment)) {
            violations.add(Violation.parameter("environment", "must be a DNS-1123 label"));
        }
        if (!violations.isEmpty()) {
            throw new ProblemException(400, "INVALID_FILTER", "A filter is not valid.", violations);
        }
        if (!caller.isPlatformAdmin() && caller.teams().isEmpty()) {
            return new Page<>(List.of(), null);
        }
        UUID after = page.isFirstPage() ? null
                : Ids.parse(page.cursor().key("id")).orElseThrow(() -> ProblemException.badRequest("INVALID_CURSOR",
                        "The cursor is not valid.", Violation.parameter("cursor", "not from this list")));
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Operation> found = store.list(caller.isPlatformAdmin() ? null : caller.teams(), team, environment,
                    state, type, after, page.limit() + 1);
            boolean more = found.size() > page.limit();
            List<OperationView> items = store.views(found.stream().limit(page.limit()).toList());
            String next = more
                    ? Cursor.after(Map.of("id", items.get(items.size() - 1).operation().id().toString())).encode()
                    : null;
            return new Page<>(items, next);
        });
    }

    /**
     * An operation no worker holds is cancelled at once, under its claim; one a worker is running is
     * marked, and its worker stops before the next step.
     */
    public OperationView cancel(Caller caller, String id) {
        UUID operationId = parse(id);
        return QuarkusTransaction.requiringNew().call(() -> {
            Operation operation = visible(caller, operationId);
            if (operation.state().isFinal()) {
                throw ProblemException.conflict("OPERATION_FINISHED", "Operation " + id + " already "
                        + operation.state().name().toLowerCase(Locale.ROOT) + ".");
            }
            OperationEnd endNow = queue.dequeueIfUnclaimed(operationId)
                    ? lifecycle.end(operationId, operation.type(), OperationState.CANCELLED, null)
                    : null;
            return store.view(store.requestCancel(operationId, endNow));
        });
    }

    /**
     * The events after {@code afterSequence}, then each new one, until the one that reports a final
     * state; of an operation that has ended, the events left after {@code afterSequence}, if any, and
     * the end at once.
     */
    public Multi<OperationEvent> follow(Caller caller, String id, long afterSequence) {
        UUID operationId = parse(id);
        if (afterSequence < 0) {
            // Sequences start at 1: a negative one is no event's, as REST refuses such a Last-Event-ID.
            throw ProblemException.badRequest("INVALID_LAST_EVENT_ID", "Last-Event-ID must be the id of an event.",
                    Violation.parameter("Last-Event-ID", "must be a whole number"));
        }
        QuarkusTransaction.requiringNew().run(() -> visible(caller, operationId));
        AtomicLong cursor = new AtomicLong(afterSequence);
        return Multi.createBy().repeating()
                // Each poll reads the database on a worker thread, never on the event loop that asks for more.
                .uni(() -> Uni.createFrom().item(() -> QuarkusTransaction.requiringNew()
                        .call(() -> poll(operationId, cursor.get())))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .withDelay(EVENT_POLL)
                .whilst(poll -> {
                    if (!poll.events().isEmpty()) {
                        cursor.set(poll.events().get(poll.events().size() - 1).sequence());
                    }
                    return !poll.ended() && poll.events().stream().noneMatch(OperationEvent::isFinal);
                })
                .map(Poll::events)
                .onItem().disjoint();
    }

    /** What one look at a followed operation found: its events after the cursor, and whether it had ended. */
    private record Poll(List<OperationEvent> events, boolean ended) {
    }

    /**
     * One query while events come. Only a poll that finds none reads whether the operation has ended, and
     * then its events once more: its end commits with its final event, so events read after the state
     * said it ended hold that event unless the follower has had it (resuming after it), and nothing
     * comes after it. An operation no longer stored has nothing more to say.
     */
    private Poll poll(UUID operationId, long afterSequence) {
        List<OperationEvent> events = store.eventsAfter(operationId, afterSequence);
        if (!events.isEmpty()) {
            return new Poll(events, false);
        }
        boolean ended = store.find(operationId).map(operation -> operation.state().isFinal()).orElse(true);
        return ended ? new Poll(store.eventsAfter(operationId, afterSequence), true) : new Poll(events, false);
    }

    private Operation visible(Caller caller, UUID operationId) {
        Operation operation = store.find(operationId).orElseThrow(() -> ProblemException.notFound(
                "OPERATION_NOT_FOUND", "There is no operation " + operationId + "."));
        Access.requireOperation(caller, operationId.toString(), operation.team());
        return operation;
    }

    private static UUID parse(String id) {
        return Ids.parse(id).orElseThrow(() -> ProblemException.badRequest("INVALID_OPERATION_ID",
                "'" + id + "' is not an operation id.", Violation.parameter("id", "must be a UUID")));
    }
}
