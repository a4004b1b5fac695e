package dev.paved.provisioning.operations.domain;

import dev.paved.provisioning.domain.Access;
import dev.paved.provisioning.domain.Names;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
import dev.paved.provisioning.operations.persistence.EventEntity;
import dev.paved.provisioning.operations.persistence.OperationEnds;
import dev.paved.provisioning.operations.persistence.OperationEntity;
import dev.paved.provisioning.operations.persistence.OperationQueue;
import io.quarkus.hibernate.orm.panache.PanacheQuery;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;

/** Operations as the API sees them: read, listed, cancelled and followed as they happen. */
@ApplicationScoped
public class Operations {

    /** How often a follower of an operation looks for its new events. */
    private static final Duration EVENT_POLL = Duration.ofMillis(200);

    private final OperationQueue queue;
    private final OperationLifecycle lifecycle;
    private final OperationEnds ends;

    public Operations(OperationQueue queue, OperationLifecycle lifecycle, OperationEnds ends) {
        this.queue = queue;
        this.lifecycle = lifecycle;
        this.ends = ends;
    }

    public OperationView get(Caller caller, String id) {
        UUID operationId = parse(id);
        return QuarkusTransaction.requiringNew().call(() -> OperationView.of(visible(caller, operationId)));
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
            StringBuilder where = new StringBuilder("1 = 1");
            Map<String, Object> parameters = new HashMap<>();
            if (!caller.isPlatformAdmin()) {
                where.append(" and team in :teams");
                parameters.put("teams", caller.teams());
            }
            if (team != null && !team.isEmpty()) {
                where.append(" and team = :team");
                parameters.put("team", team);
            }
            if (environment != null && !environment.isEmpty()) {
                where.append(" and environmentName = :environment");
                parameters.put("environment", environment);
            }
            if (state != null) {
                where.append(" and state = :state");
                parameters.put("state", state);
            }
            if (type != null) {
                where.append(" and type = :type");
                parameters.put("type", type);
            }
            if (after != null) {
                where.append(" and id < :after");
                parameters.put("after", after);
            }
            PanacheQuery<OperationEntity> query = OperationEntity.find(where + " order by id desc", parameters);
            List<OperationEntity> found = query.page(0, page.limit() + 1).list();
            boolean more = found.size() > page.limit();
            List<OperationView> items = found.stream().limit(page.limit()).map(OperationView::of).toList();
            String next = more
                    ? Cursor.after(Map.of("id", items.get(items.size() - 1).operation().id.toString())).encode()
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
            OperationEntity operation = visible(caller, operationId);
            if (operation.state.isFinal()) {
                throw ProblemException.conflict("OPERATION_FINISHED", "Operation " + id + " already "
                        + operation.state.name().toLowerCase(Locale.ROOT) + ".");
            }
            if (queue.dequeueIfUnclaimed(operationId)) {
                operation.cancelRequested = true;
                ends.recordInSession(operation, lifecycle.end(operationId, operation.type, OperationState.CANCELLED,
                        null));
                return OperationView.of(operation);
            }
            operation.cancelRequested = true;
            return OperationView.of(operation);
        });
    }

    /** The events after {@code afterSequence}, then each new one, until the one that reports a final state. */
    public Multi<EventEntity> follow(Caller caller, String id, long afterSequence) {
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
                        .call(() -> EventEntity.after(operationId, cursor.get())))
                        .runSubscriptionOn(Infrastructure.getDefaultWorkerPool()))
                .withDelay(EVENT_POLL)
                .whilst(batch -> {
                    if (!batch.isEmpty()) {
                        cursor.set(batch.get(batch.size() - 1).sequence);
                    }
                    return batch.stream().noneMatch(Operations::isFinal);
                })
                .onItem().disjoint();
    }

    private static boolean isFinal(EventEntity event) {
        return event.type == EventEntity.Type.OPERATION && event.operationState.isFinal();
    }

    private static OperationEntity visible(Caller caller, UUID operationId) {
        OperationEntity operation = OperationEntity.<OperationEntity>findByIdOptional(operationId)
                .orElseThrow(() -> ProblemException.notFound("OPERATION_NOT_FOUND",
                        "There is no operation " + operationId + "."));
        Access.requireOperation(caller, operationId.toString(), operation.team);
        return operation;
    }

    private static UUID parse(String id) {
        return Ids.parse(id).orElseThrow(() -> ProblemException.badRequest("INVALID_OPERATION_ID",
                "'" + id + "' is not an operation id.", Violation.parameter("id", "must be a UUID")));
    }
}
