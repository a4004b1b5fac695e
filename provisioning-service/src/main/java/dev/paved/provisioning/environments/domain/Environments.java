package dev.paved.provisioning.environments.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.persistence.PersistenceException;

import dev.paved.common.id.Ids;
import dev.paved.common.paging.Cursor;
import dev.paved.common.paging.Page;
import dev.paved.common.paging.PageRequest;
import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.common.security.Caller;
import dev.paved.provisioning.catalog.CatalogTeams;
import dev.paved.provisioning.config.ProvisioningConfig;
import dev.paved.provisioning.domain.Access;
import dev.paved.provisioning.domain.Names;
import dev.paved.provisioning.environments.kubernetes.Baseline;
import dev.paved.provisioning.environments.kubernetes.EnvironmentSpec;
import dev.paved.provisioning.environments.persistence.EnvironmentStore;
import dev.paved.provisioning.operations.domain.Fingerprint;
import dev.paved.provisioning.operations.domain.ManagedObject;
import dev.paved.provisioning.operations.domain.Operation;
import dev.paved.provisioning.operations.domain.OperationLifecycle;
import dev.paved.provisioning.operations.domain.OperationRequest;
import dev.paved.provisioning.operations.domain.OperationSubmissions;
import dev.paved.provisioning.operations.domain.OperationType;
import dev.paved.provisioning.operations.domain.OperationView;
import dev.paved.provisioning.operations.domain.PlannedStep;
import dev.paved.provisioning.operations.domain.StepAction;
import dev.paved.provisioning.operations.persistence.OperationStore;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Environments as the API sees them: requests are checked completely (names, configuration, the
 * caller's rights, the team in the catalog, idempotency) before anything is written, and each
 * accepted change is an operation queued for the workers in the same transaction. A dry run goes
 * through the same checks and answers the operation it would have queued, recording nothing.
 */
@ApplicationScoped
public class Environments {

    /** The environment id a dry-run create renders: ids are assigned only when an environment is recorded. */
    private static final UUID NOT_YET_ASSIGNED = new UUID(0, 0);

    private final ProvisioningConfig config;
    private final Baseline baseline;
    private final CatalogTeams teams;
    private final EnvironmentStore environments;
    private final OperationStore operations;
    private final OperationSubmissions submissions;
    private final OperationLifecycle lifecycle;
    private final List<TeardownContributor> teardown;

    public Environments(ProvisioningConfig config, Baseline baseline, CatalogTeams teams, EnvironmentStore environments,
            OperationStore operations, OperationSubmissions submissions, OperationLifecycle lifecycle,
            Instance<TeardownContributor> teardown) {
        this.config = config;
        this.baseline = baseline;
        this.teams = teams;
        this.environments = environments;
        this.operations = operations;
        this.submissions = submissions;
        this.lifecycle = lifecycle;
        this.teardown = teardown.stream().toList();
    }

    public record CreateRequest(String team, String application, String stage, String tier, String cluster,
            String name, String idempotencyKey, boolean dryRun) {
    }

    public OperationView create(Caller caller, CreateRequest request) {
        List<Violation> violations = new ArrayList<>();
        Names.checkLabel("/team", request.team(), true, violations);
        Names.checkLabel("/application", request.application(), true, violations);
        Names.checkLabel("/stage", request.stage(), true, violations);
        Names.checkLabel("/tier", request.tier(), false, violations);
        Names.checkLabel("/cluster", request.cluster(), false, violations);
        Names.checkLabel("/name", request.name(), false, violations);
        if (!violations.isEmpty()) {
            throw new ProblemException(400, "INVALID_ENVIRONMENT", "The environment request is not valid.", violations);
        }
        requireKnown("/stage", "UNKNOWN_STAGE", "stage", request.stage(), config.stages());
        String tier = blankToNull(request.tier()) == null ? config.defaultTier() : request.tier();
        requireKnown("/tier", "UNKNOWN_TIER", "tier", tier, config.tiers());
        String cluster = blankToNull(request.cluster()) == null ? config.defaultCluster() : request.cluster();
        requireKnown("/cluster", "UNKNOWN_CLUSTER", "cluster", cluster, config.clusters());
        String name = environmentName(request);
        Access.requireTeam(caller, request.team());

        String fingerprint = Fingerprint.of(OperationType.CREATE_ENVIRONMENT, request.team(), request.application(),
                request.stage(), tier, cluster, name);
        return submit(caller, request.idempotencyKey(), fingerprint, request.dryRun(),
                () -> teams.requireExists(request.team()), () -> {
            List<Environment> clashing = environments.clashingWith(name, request.team(), request.application(),
                    request.stage());
            if (clashing.stream().anyMatch(existing -> existing.name().equals(name))) {
                throw ProblemException.conflict("ENVIRONMENT_EXISTS", "An environment named '" + name
                        + "' already exists.");
            }
            clashing.stream().findFirst().ifPresent(existing -> {
                throw ProblemException.conflict("ENVIRONMENT_EXISTS", "Team '" + request.team()
                        + "' already has environment '" + existing.name() + "' for application '"
                        + request.application() + "' in stage '" + request.stage() + "'.");
            });
            Instant now = Instant.now();
            Environment environment = new Environment(request.dryRun() ? null : Ids.newId(), name, request.team(),
                    request.application(), request.stage(), tier, cluster, name, EnvironmentState.PROVISIONING, 0,
                    caller.subject(), now, now, null, null);
            return new Draft(environment, OperationType.CREATE_ENVIRONMENT, new OperationRequest(tier),
                    baseline.applySteps(specOf(environment, tier)));
        });
    }

    public EnvironmentView get(Caller caller, String name) {
        Names.requireEnvironment(name);
        return QuarkusTransaction.requiringNew().call(() -> {
            Environment environment = find(name);
            Access.requireEnvironment(caller, name, environment.team());
            return view(environment);
        });
    }

    public Page<EnvironmentView> list(Caller caller, String team, String application, String stage, PageRequest page) {
        List<Violation> violations = new ArrayList<>();
        checkFilter("team", team, violations);
        checkFilter("application", application, violations);
        checkFilter("stage", stage, violations);
        if (!violations.isEmpty()) {
            throw new ProblemException(400, "INVALID_FILTER", "A filter is not valid.", violations);
        }
        if (!caller.isPlatformAdmin() && caller.teams().isEmpty()) {
            return new Page<>(List.of(), null);
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            List<Environment> found = environments.list(caller.isPlatformAdmin() ? null : caller.teams(), team,
                    application, stage, page.isFirstPage() ? null : page.cursor().key("name"), page.limit() + 1);
            boolean more = found.size() > page.limit();
            List<EnvironmentView> items = views(found.stream().limit(page.limit()).toList());
            String next = more ? Cursor.after(Map.of("name", items.get(items.size() - 1).environment().name())).encode()
                    : null;
            return new Page<>(items, next);
        });
    }

    public OperationView changeTier(Caller caller, String name, String tier, String ifMatch, String idempotencyKey,
            boolean dryRun) {
        Names.requireEnvironment(name);
        List<Violation> violations = new ArrayList<>();
        Names.checkLabel("/tier", tier, true, violations);
        if (!violations.isEmpty()) {
            throw new ProblemException(400, "INVALID_ENVIRONMENT_CHANGE", "The change is not valid.", violations);
        }
        requireKnown("/tier", "UNKNOWN_TIER", "tier", tier, config.tiers());
        String fingerprint = Fingerprint.of(OperationType.UPDATE_ENVIRONMENT, name, tier, ifMatch);
        return mutate(caller, name, idempotencyKey, fingerprint, ifMatch, dryRun, environment -> new Draft(
                environment, OperationType.UPDATE_ENVIRONMENT, new OperationRequest(tier),
                baseline.applySteps(specOf(environment, tier))));
    }

    public OperationView delete(Caller caller, String name, String ifMatch, String idempotencyKey, boolean dryRun) {
        Names.requireEnvironment(name);
        String fingerprint = Fingerprint.of(OperationType.DELETE_ENVIRONMENT, name, ifMatch);
        return mutate(caller, name, idempotencyKey, fingerprint, ifMatch, dryRun, environment -> {
            // The workloads go first (what they provisioned outside the cluster, then their objects), then
            // the baseline; what lives in the namespace goes before the namespace itself.
            List<PlannedStep> steps = new ArrayList<>();
            teardown.forEach(contributor -> steps.addAll(contributor.stepsBeforeTeardown(environment.id())));
            List<ManagedObject> created = new ArrayList<>(operations.workloadObjects(environment.id()));
            Collections.reverse(created);
            List<ManagedObject> baselineObjects = new ArrayList<>(operations.baselineObjects(environment.id()));
            Collections.reverse(baselineObjects);
            created.addAll(baselineObjects);
            // Deleting needs only the names; a dry run also shows each object as Paved applied it.
            created.forEach(object -> steps.add(new PlannedStep(StepAction.DELETE, object.ref(),
                    dryRun ? object.manifest() : null)));
            return new Draft(environment, OperationType.DELETE_ENVIRONMENT, new OperationRequest(environment.tier()),
                    steps);
        });
    }

    public OperationView reconcile(Caller caller, String name, String idempotencyKey, boolean dryRun) {
        Names.requireEnvironment(name);
        String fingerprint = Fingerprint.of(OperationType.RECONCILE_ENVIRONMENT, name);
        return mutate(caller, name, idempotencyKey, fingerprint, null, dryRun, environment -> {
            List<PlannedStep> steps = operations.baselineObjects(environment.id()).stream()
                    .filter(object -> object.appliedAt() != null)
                    .map(object -> new PlannedStep(StepAction.RECONCILE, object.ref(), object.manifest()))
                    .toList();
            return new Draft(environment, OperationType.RECONCILE_ENVIRONMENT,
                    new OperationRequest(environment.tier()), steps);
        });
    }

    private OperationView mutate(Caller caller, String name, String idempotencyKey, String fingerprint, String ifMatch,
            boolean dryRun, Function<Environment, Draft> change) {
        // Authorization first, so that a stranger learns nothing from idempotency or etag answers.
        QuarkusTransaction.requiringNew().run(() -> Access.requireEnvironment(caller, name, find(name).team()));
        return submit(caller, idempotencyKey, fingerprint, dryRun, () -> {
        }, () -> {
            Environment environment = find(name);
            Access.requireEnvironment(caller, name, environment.team());
            if (blankToNull(ifMatch) != null && !ifMatch.equals(environment.etag())) {
                throw ProblemException.preconditionFailed("ENVIRONMENT_CHANGED", "Environment '" + name
                        + "' changed since etag " + ifMatch + "; it is now at " + environment.etag() + ".");
            }
            if (operations.anyActive(environment.id())) {
                throw busy();
            }
            return change.apply(environment);
        });
    }

    /**
     * Checks the idempotency key, runs {@code beforeWriting} (checks that call other services, kept
     * out of the transaction) and plans the operation; then records it or, on a dry run, answers the
     * plan. A dry run reads what the real call reads, so it fails where the real call would.
     */
    private OperationView submit(Caller caller, String idempotencyKey, String fingerprint, boolean dryRun,
            Runnable beforeWriting, Supplier<Draft> plan) {
        return submissions.once(caller, idempotencyKey, fingerprint, operations::view, () -> {
            beforeWriting.run();
            if (dryRun) {
                // Planning only reads; the draft's entities are never persisted.
                return QuarkusTransaction.requiringNew().call(() -> {
                    Draft draft = plan.get();
                    return OperationSubmissions.preview(pendingOperation(caller, draft.environment(), draft.type()),
                            draft.steps());
                });
            }
            OperationView accepted = QuarkusTransaction.requiringNew()
                    .call(() -> record(caller, plan.get(), idempotencyKey, fingerprint));
            submissions.wakeWorkers();
            return accepted;
        });
    }

    /** The operation a checked request makes, before it is recorded; a create's environment is new. */
    private record Draft(Environment environment, OperationType type, OperationRequest request,
            List<PlannedStep> steps) {
    }

    private OperationView record(Caller caller, Draft draft, String idempotencyKey, String fingerprint) {
        Environment environment = draft.environment();
        Instant now = Instant.now();
        Operation operation = pendingOperation(caller, environment, draft.type()).recorded(Ids.newId(),
                lifecycle.write(draft.request()), idempotencyKey, fingerprint, now,
                now.plus(config.operations().deadline()));
        Environment started = environment.operatedOn(draft.type().environmentStateWhileRunning(), operation.id(),
                now);
        // The environment is complete before the first statement flushes it, so a new one is one INSERT.
        if (draft.type() == OperationType.CREATE_ENVIRONMENT) {
            environments.create(started);
        } else {
            environments.recordStart(started);
        }
        try {
            return submissions.record(operation, draft.steps(), Environments::busy);
        } catch (PersistenceException e) {
            if (OperationStore.violatedConstraint(e).contains("environment")) {
                throw ProblemException.conflict("ENVIRONMENT_EXISTS", "The environment was created meanwhile.");
            }
            throw e;
        }
    }

    /** The operation as it is queued, before it has an id. */
    private static Operation pendingOperation(Caller caller, Environment environment, OperationType type) {
        return Operation.planned(type, environment.id(), environment.name(), environment.team(), caller.subject(),
                null, null);
    }

    private static ProblemException busy() {
        return ProblemException.conflict("ENVIRONMENT_BUSY",
                "Another operation on this environment is pending or running; wait for it or cancel it.");
    }

    private String environmentName(CreateRequest request) {
        String name = blankToNull(request.name()) == null ? request.application() + "-" + request.stage()
                : request.name();
        if (name.length() > Names.MAX_LENGTH) {
            throw ProblemException.invalid("NAME_TOO_LONG", "'" + name + "' is longer than " + Names.MAX_LENGTH
                    + " characters; give the environment a shorter name.",
                    List.of(Violation.at("/name", "is required when <application>-<stage> exceeds "
                            + Names.MAX_LENGTH + " characters")));
        }
        if (name.startsWith("kube-") || config.reservedNamespaces().contains(name)
                || name.equals(config.ingressNamespace())) {
            throw ProblemException.invalid("RESERVED_NAME", "'" + name + "' is reserved for the platform.",
                    List.of(Violation.at(blankToNull(request.name()) == null ? "/application" : "/name",
                            "names a namespace reserved for the platform")));
        }
        return name;
    }

    private static void requireKnown(String pointer, String code, String what, String value, Map<String, ?> known) {
        if (!known.containsKey(value)) {
            throw ProblemException.invalid(code, "There is no " + what + " '" + value + "'.",
                    List.of(Violation.at(pointer, "must be one of " + String.join(", ", new TreeSet<>(known.keySet())))));
        }
    }

    private static void checkFilter(String parameter, String value, List<Violation> violations) {
        if (blankToNull(value) != null && !Names.isLabel(value)) {
            violations.add(Violation.parameter(parameter, "must be a DNS-1123 label"));
        }
    }

    private EnvironmentView view(Environment environment) {
        return views(List.of(environment)).get(0);
    }

    /** Each environment with its recent drift, in the same order; the drift of all of them is read at once. */
    private List<EnvironmentView> views(List<Environment> found) {
        Map<UUID, List<Drift>> drift = environments.recentDrift(found.stream().map(Environment::id).toList(),
                EnvironmentView.DRIFT_SHOWN);
        return found.stream()
                .map(environment -> new EnvironmentView(environment, drift.getOrDefault(environment.id(), List.of())))
                .toList();
    }

    private Environment find(String name) {
        return environments.findByName(name).orElseThrow(() -> ProblemException.notFound("ENVIRONMENT_NOT_FOUND",
                "There is no environment '" + name + "'."));
    }

    private static EnvironmentSpec specOf(Environment environment, String tier) {
        UUID id = environment.id() == null ? NOT_YET_ASSIGNED : environment.id();
        return new EnvironmentSpec(id, environment.name(), environment.team(), environment.application(),
                environment.stage(), tier, environment.namespace());
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
