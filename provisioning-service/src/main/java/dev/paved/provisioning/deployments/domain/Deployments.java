package dev.paved.provisioning.deployments.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.PersistenceException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.paved.common.id.Ids;
import dev.paved.common.paging.Page;
import dev.paved.common.paging.PageRequest;
import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.UnstorableCharacters;
import dev.paved.common.problem.Violation;
import dev.paved.common.security.Caller;
import dev.paved.provisioning.config.ProvisioningConfig;
import dev.paved.provisioning.deployments.config.DeploymentsConfig;
import dev.paved.provisioning.deployments.config.RegistriesConfig;
import dev.paved.provisioning.deployments.persistence.DeploymentStore;
import dev.paved.provisioning.deployments.registry.RegistryDigests;
import dev.paved.provisioning.domain.Access;
import dev.paved.provisioning.domain.Names;
import dev.paved.provisioning.domain.ObjectRef;
import dev.paved.provisioning.environments.domain.Environment;
import dev.paved.provisioning.environments.domain.EnvironmentState;
import dev.paved.provisioning.environments.persistence.EnvironmentStore;
import dev.paved.provisioning.goldenpaths.domain.GoldenPathVersion;
import dev.paved.provisioning.goldenpaths.domain.GoldenPaths;
import dev.paved.provisioning.kubernetes.KubernetesObjects;
import dev.paved.provisioning.kubernetes.Labels;
import dev.paved.provisioning.kubernetes.ManifestDiff;
import dev.paved.provisioning.operations.domain.Fingerprint;
import dev.paved.provisioning.operations.domain.ManagedObject;
import dev.paved.provisioning.operations.domain.Operation;
import dev.paved.provisioning.operations.domain.OperationSubmissions;
import dev.paved.provisioning.operations.domain.OperationType;
import dev.paved.provisioning.operations.domain.OperationView;
import dev.paved.provisioning.operations.domain.PlannedStep;
import dev.paved.provisioning.operations.domain.StepAction;
import dev.paved.provisioning.operations.persistence.OperationStore;
import io.quarkus.narayana.jta.QuarkusTransaction;

/**
 * Deployments as the API sees them. A request is checked completely before anything is written:
 * the environment and the caller's rights, the spec, the golden path and its parameters, the
 * guardrails; then it becomes a numbered revision and the operation that applies it, in one
 * transaction. Rollbacks and promotions are deployments of a stored spec. A dry run goes through the
 * same checks and answers the plan.
 */
@ApplicationScoped
public class Deployments {

    static final int MAX_VERSION_LENGTH = 128;
    /** A commit hash as Git writes it: SHA-1 or SHA-256, possibly abbreviated. */
    private static final Pattern COMMIT_SHA = Pattern.compile("[0-9a-fA-F]{7,64}");

    private final ProvisioningConfig provisioning;
    private final DeploymentsConfig config;
    private final RegistriesConfig registries;
    private final GoldenPaths goldenPaths;
    private final DeploymentRenderer renderer;
    private final Guardrails guardrails;
    private final RegistryDigests digests;
    private final DeploymentStore store;
    private final EnvironmentStore environments;
    private final OperationStore operations;
    private final OperationSubmissions submissions;
    private final KubernetesObjects objects;
    private final ObjectMapper json;

    public Deployments(ProvisioningConfig provisioning, DeploymentsConfig config, RegistriesConfig registries,
            GoldenPaths goldenPaths, DeploymentRenderer renderer, Guardrails guardrails,
            RegistryDigests digests, DeploymentStore store, EnvironmentStore environments, OperationStore operations,
            OperationSubmissions submissions, KubernetesObjects objects, ObjectMapper json) {
        this.provisioning = provisioning;
        this.config = config;
        this.registries = registries;
        this.goldenPaths = goldenPaths;
        this.renderer = renderer;
        this.guardrails = guardrails;
        this.digests = digests;
        this.store = store;
        this.environments = environments;
        this.operations = operations;
        this.submissions = submissions;
        this.objects = objects;
        this.json = json;
    }

    /** Where a revision came from, beyond its spec. */
    private record Provenance(String version, String commitSha, Instant commitTime, Long rolledBackTo,
            String promotedFrom, Map<String, String> knownDigests) {
    }

    public DeployResult deploy(Caller caller, DeployCommand command) {
        checkVersion(command.version());
        if (command.commitSha() != null && !COMMIT_SHA.matcher(command.commitSha()).matches()) {
            throw ProblemException.badRequest("INVALID_COMMIT_SHA", "commitSha must be a commit hash.",
                    Violation.parameter("commitSha", "must be 7 to 64 hexadecimal digits, was " + command.commitSha()));
        }
        Target target = target(caller, command.environment());
        try {
            WorkloadSpec spec = WorkloadSpecs.parse(command.spec());
            GoldenPathVersion goldenPath = goldenPaths.resolve(spec.goldenPath(), spec.goldenPathVersion(), "");
            String fingerprint = Fingerprint.of(OperationType.DEPLOY_WORKLOAD, command.environment(),
                    spec.toJson().toString(), goldenPath.name(), goldenPath.version(), command.version(),
                    command.commitSha(), String.valueOf(command.commitTime()),
                    String.valueOf(command.waitForRollout()));
            return deployRevision(caller, target, spec, goldenPath, new Provenance(command.version(),
                    command.commitSha(), command.commitTime(), null, null, Map.of()), command.idempotencyKey(),
                    fingerprint, command.dryRun(), command.waitForRollout());
        } catch (ProblemException refused) {
            throw command.spec().attributingOverrides(refused);
        }
    }

    /**
     * The build's version a CI pipeline gives: text kept with the revision (it labels nothing in the
     * cluster; app.kubernetes.io/version comes from the image tag), at most as long as an OCI image
     * tag, which it usually is.
     */
    private static void checkVersion(String version) {
        String refusal = UnstorableCharacters.refusal(version);
        if (refusal == null && version != null && version.length() > MAX_VERSION_LENGTH) {
            refusal = "must be at most " + MAX_VERSION_LENGTH + " characters, was " + version.length();
        }
        if (refusal != null) {
            throw ProblemException.badRequest("INVALID_VERSION", "The version label is not valid.",
                    Violation.parameter("version", refusal));
        }
    }

    /** A new revision with revision {@code number}'s spec, golden path version and image digests. */
    public DeployResult rollback(Caller caller, String environment, String workload, long number,
            String idempotencyKey, boolean dryRun, boolean waitForRollout) {
        Target target = target(caller, environment);
        requireWorkloadName(workload);
        if (number < 1) {
            throw ProblemException.invalid("INVALID_REVISION", "Revision numbers start at 1.",
                    List.of(Violation.at("/revision", "must be 1 or more")));
        }
        Revision revision = QuarkusTransaction.requiringNew().call(() -> {
            requireWorkload(target, workload);
            return store.revision(target.id(), workload, number).orElseThrow(() -> ProblemException.invalid(
                    "UNKNOWN_REVISION", "Workload '" + workload + "' has no revision " + number + ".",
                    List.of(Violation.at("/revision", "is not a revision of this workload"))));
        });
        WorkloadSpec spec = WorkloadSpec.fromJson(readTree(revision.specJson()));
        GoldenPathVersion goldenPath = goldenPaths.exact(revision.goldenPath(), revision.goldenPathVersion());
        String fingerprint = Fingerprint.of(OperationType.DEPLOY_WORKLOAD, environment, workload, "rollback",
                Long.toString(number), String.valueOf(waitForRollout));
        return deployRevision(caller, target, spec, goldenPath, new Provenance(revision.version(),
                revision.commitSha(), revision.commitTime(), number, null, digestsOf(revision)), idempotencyKey,
                fingerprint, dryRun, waitForRollout);
    }

    /**
     * Deploys the workload's current revision into the environment of the next stage (or the named
     * one, where configuration allows skipping) of the same team and application, images pinned by
     * digest.
     */
    public DeployResult promote(Caller caller, String environment, String workload, String stage,
            String idempotencyKey, boolean dryRun, boolean waitForRollout) {
        Target source = target(caller, environment);
        requireWorkloadName(workload);
        Revision current = QuarkusTransaction.requiringNew().call(() -> {
            Workload found = requireWorkload(source, workload);
            if (found.currentRevision() == 0) {
                throw ProblemException.conflict("NOTHING_TO_PROMOTE", "Workload '" + workload
                        + "' has no applied revision yet.");
            }
            return store.revision(source.id(), workload, found.currentRevision()).orElseThrow();
        });
        String targetStage = nextStage(source.stage(), stage);
        Environment next = QuarkusTransaction.requiringNew().call(() -> environments.findFor(source.team(),
                source.application(), targetStage).orElseThrow(() -> ProblemException.conflict(
                        "NO_ENVIRONMENT_FOR_STAGE", "Team '" + source.team() + "' has no environment for application '"
                                + source.application() + "' in stage '" + targetStage + "'; create it first.")));
        Target target = target(caller, next.name());
        Map<String, String> pinned = new LinkedHashMap<>();
        for (ResolvedImage image : current.images()) {
            String digest = image.digest() == null || image.digest().isEmpty()
                    ? digests.resolve(image.reference(), "/images/" + image.container())
                    : image.digest();
            pinned.put(image.container(), digest);
        }
        WorkloadSpec spec = WorkloadSpec.fromJson(readTree(current.specJson()));
        Map<String, String> pinnedReferences = new LinkedHashMap<>();
        current.images().forEach(image -> pinnedReferences.put(image.container(),
                new ResolvedImage(image.container(), image.reference(), pinned.get(image.container())).pinned()));
        spec = spec.withImages(pinnedReferences);
        GoldenPathVersion goldenPath = goldenPaths.exact(current.goldenPath(), current.goldenPathVersion());
        String promotedFrom = environment + "/" + workload + "#" + current.number();
        String fingerprint = Fingerprint.of(OperationType.DEPLOY_WORKLOAD, environment, workload, "promote",
                targetStage, Long.toString(current.number()), String.valueOf(waitForRollout));
        return deployRevision(caller, target, spec, goldenPath, new Provenance(current.version(), current.commitSha(),
                current.commitTime(), null, promotedFrom, pinned), idempotencyKey, fingerprint, dryRun,
                waitForRollout);
    }

    /** Removes exactly the workload's objects, and what it provisioned outside the cluster. */
    public OperationView delete(Caller caller, String environment, String workload, String idempotencyKey,
            boolean dryRun) {
        Target target = target(caller, environment);
        requireWorkloadName(workload);
        String fingerprint = Fingerprint.of(OperationType.DELETE_WORKLOAD, environment, workload);
        return submissions.once(caller, idempotencyKey, fingerprint, operations::view, () -> {
            OperationView answer = QuarkusTransaction.requiringNew().call(() -> {
                if (!dryRun) {
                    store.lockWorkload(target.id(), workload);
                }
                requireWorkload(target, workload);
                requireEnvironmentIdle(target);
                List<PlannedStep> steps = new ArrayList<>(deprovisionSteps(target, store.provisioned(target.id(),
                        workload)));
                List<ManagedObject> applied = new ArrayList<>(operations.objectsOf(target.id(), workload));
                java.util.Collections.reverse(applied);
                applied.forEach(object -> steps.add(new PlannedStep(StepAction.DELETE, object.ref(),
                        dryRun ? object.manifest() : null)));
                Operation operation = pendingOperation(caller, target, OperationType.DELETE_WORKLOAD, workload, null);
                if (dryRun) {
                    return OperationSubmissions.preview(operation, steps);
                }
                store.markDeleting(target.id(), workload);
                return submissions.record(stamp(operation, idempotencyKey, fingerprint), steps,
                        () -> workloadBusy(workload));
            });
            if (!dryRun) {
                submissions.wakeWorkers();
            }
            return answer;
        });
    }

    public Workload workload(Caller caller, String environment, String workload) {
        Target target = target(caller, environment);
        requireWorkloadName(workload);
        return QuarkusTransaction.requiringNew().call(() -> requireWorkload(target, workload));
    }

    public Page<Workload> workloads(Caller caller, String environment, PageRequest page) {
        Target target = target(caller, environment);
        return QuarkusTransaction.requiringNew().call(() -> store.workloads(target.id(), page));
    }

    public Page<Revision> revisions(Caller caller, String environment, String workload, PageRequest page) {
        Target target = target(caller, environment);
        requireWorkloadName(workload);
        return QuarkusTransaction.requiringNew().call(() -> {
            requireWorkload(target, workload);
            return store.revisions(target.id(), workload, page);
        });
    }

    public Revision revision(Caller caller, String environment, String workload, long number) {
        Target target = target(caller, environment);
        requireWorkloadName(workload);
        return QuarkusTransaction.requiringNew().call(() -> {
            requireWorkload(target, workload);
            return store.revision(target.id(), workload, number).orElseThrow(() -> ProblemException.notFound(
                    "REVISION_NOT_FOUND", "Workload '" + workload + "' has no revision " + number + "."));
        });
    }

    /** The workloads of a catalog Component that the caller may see, in every environment. */
    public List<Workload> ofComponent(Caller caller, String namespace, String name) {
        List<Violation> violations = new ArrayList<>();
        if (!Names.isLabel(namespace)) {
            violations.add(Violation.parameter("namespace", "must be a DNS-1123 label"));
        }
        if (name == null || name.isEmpty() || name.length() > 253 || !name.matches("[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?")) {
            violations.add(Violation.parameter("name", "must be a catalog entity name"));
        }
        if (!violations.isEmpty()) {
            throw new ProblemException(400, "INVALID_COMPONENT", "The component reference is not valid.", violations);
        }
        String component = componentRef(namespace, name);
        Set<String> teams = caller.isPlatformAdmin() ? null : caller.teams();
        if (teams != null && teams.isEmpty()) {
            return List.of();
        }
        return QuarkusTransaction.requiringNew().call(() -> store.ofComponent(component, teams));
    }

    /**
     * A team's deployment history, for its members and platform admins. The team, application and
     * stages are labels, so that a typo is told apart from a name no workload has (which is no
     * revision at all); the window must start before it ends.
     */
    public Page<DeploymentRecord> history(Caller caller, HistoryQuery query, PageRequest page) {
        List<Violation> violations = new ArrayList<>();
        labelParameter("team", query.team(), true, violations);
        labelParameter("application", query.application(), false, violations);
        query.stages().forEach(stage -> labelParameter("stages", stage, true, violations));
        if (query.since() == null) {
            violations.add(Violation.parameter("since", "is required"));
        } else if (!query.since().isBefore(query.until())) {
            violations.add(Violation.parameter("since", "must be before until"));
        }
        if (!violations.isEmpty()) {
            throw new ProblemException(400, "INVALID_HISTORY_QUERY", "The deployment history query is not valid.",
                    violations);
        }
        Access.requireTeam(caller, query.team());
        return QuarkusTransaction.requiringNew().call(() -> store.history(query, page));
    }

    private static void labelParameter(String parameter, String value, boolean required, List<Violation> violations) {
        if (value == null || value.isEmpty() ? required : !Names.isLabel(value)) {
            violations.add(Violation.parameter(parameter, "must be a DNS-1123 label, was '" + value + "'"));
        }
    }

    private DeployResult deployRevision(Caller caller, Target target, WorkloadSpec spec, GoldenPathVersion goldenPath,
            Provenance provenance, String idempotencyKey, String fingerprint, boolean dryRun, boolean waitForRollout) {
        requireStageRole(caller, target);
        return submissions.once(caller, idempotencyKey, fingerprint, this::previousAnswer, () -> {
            Rendering rendering = renderer.render(spec, goldenPath, target.facts(), renderSettings());
            GuardrailPolicy policy = policyFor(target.stage(), goldenPath);
            // The guardrails decide before an image is resolved at a registry, a network call that must not
            // hold a transaction open; when no registry is asked, the quota is read in the request's one
            // transaction below instead of one of its own.
            boolean asksRegistry = asksRegistry(spec, provenance, dryRun);
            List<GuardrailDecision> decided = asksRegistry ? QuarkusTransaction.requiringNew().call(
                    () -> checked(spec, rendering, policy, target)) : null;
            List<ResolvedImage> images = resolveImages(spec, provenance, dryRun);
            List<Stamped> stamped = rendering.manifests().stream().map(manifest -> stampOwnership(manifest, target))
                    .toList();
            List<String> manifests = stamped.stream().map(Stamped::json).toList();
            Footprint footprint = rendering.footprint();
            String component = componentOf(spec, target);
            String kind = workloadKind(rendering.manifests(), goldenPath);
            if (dryRun) {
                return QuarkusTransaction.requiringNew().call(() -> {
                    List<GuardrailDecision> decisions = decided != null ? decided
                            : checked(spec, rendering, policy, target);
                    requireEnvironmentIdle(target);
                    List<ManagedObject> applied = operations.objectsOf(target.id(), spec.name());
                    List<PlannedStep> steps = plan(target, spec.name(), rendering, stamped, applied, waitForRollout,
                            kind);
                    long number = store.nextRevisionNumber(target.id(), spec.name());
                    Operation operation = pendingOperation(caller, target, OperationType.DEPLOY_WORKLOAD,
                            spec.name(), number);
                    Revision revision = unrecordedRevision(caller, target, spec, goldenPath, rendering, images,
                            provenance, number, manifests);
                    return new DeployResult(OperationSubmissions.preview(operation, steps), revision,
                            new DeployResult.Plan(manifests, decisions, diff(target, stamped, applied)));
                });
            }
            DeployResult accepted = QuarkusTransaction.requiringNew().call(() -> {
                store.lockWorkload(target.id(), spec.name());
                if (decided == null) {
                    checked(spec, rendering, policy, target);
                }
                requireEnvironmentIdle(target);
                List<PlannedStep> steps = plan(target, spec.name(), rendering, stamped,
                        operations.objectsOf(target.id(), spec.name()), waitForRollout, kind);
                Operation recording = stamp(pendingOperation(caller, target, OperationType.DEPLOY_WORKLOAD,
                        spec.name(), null), idempotencyKey, fingerprint);
                Revision revision = store.record(new DeploymentStore.NewRevision(target.id(), target.name(), spec.name(),
                        target.team(), target.application(), target.stage(), target.namespace(), component, kind,
                        goldenPath.name(), goldenPath.version(), spec.toJson().toString(), manifests,
                        rendering.digest(), images, rendering.provisioned(), footprint.cpuMillis(),
                        footprint.memoryBytes(), caller.subject(), provenance.version(), provenance.commitSha(),
                        provenance.commitTime(), provenance.rolledBackTo(), provenance.promotedFrom()),
                        recording.id());
                Operation operation = recording.withRevision(revision.number());
                try {
                    OperationView view = submissions.record(operation, steps, () -> workloadBusy(spec.name()));
                    return new DeployResult(view, revision, null);
                } catch (PersistenceException e) {
                    // The first deployment of a workload raced another one, here or on another replica.
                    if (OperationStore.violatedConstraint(e).contains("workload_per_environment")) {
                        throw workloadBusy(spec.name());
                    }
                    throw e;
                }
            });
            submissions.wakeWorkers();
            return accepted;
        });
    }

    /** A repeated request (same idempotency key) answers the operation and revision it made then. */
    private DeployResult previousAnswer(Operation operation) {
        Revision revision = operation.revision() == null ? null
                : store.revision(operation.environmentId(), operation.workload(), operation.revision()).orElse(null);
        return new DeployResult(operations.view(operation), revision, null);
    }

    /**
     * The steps of a deployment: resources provisioned outside the cluster first (their Secrets must
     * exist before pods refer to them), then every rendered object, then what the previous revision
     * had and this one no longer renders, and last, when asked, the wait for the rollout.
     */
    private List<PlannedStep> plan(Target target, String workload, Rendering rendering, List<Stamped> manifests,
            List<ManagedObject> applied, boolean waitForRollout, String kind) {
        List<PlannedStep> steps = new ArrayList<>();
        List<ProvisionedResource> before = store.provisioned(target.id(), workload);
        for (ProvisionedResource resource : rendering.provisioned()) {
            steps.add(ProvisioningSteps.provision(target.id(), target.namespace(), resource));
        }
        Set<ObjectRef> rendered = new HashSet<>();
        for (Stamped manifest : manifests) {
            rendered.add(manifest.ref());
            steps.add(new PlannedStep(StepAction.APPLY, manifest.ref(), manifest.json()));
        }
        List<ManagedObject> previous = new ArrayList<>(applied);
        java.util.Collections.reverse(previous);
        for (ManagedObject object : previous) {
            if (!rendered.contains(object.ref())) {
                steps.add(new PlannedStep(StepAction.DELETE, object.ref(), object.manifest()));
            }
        }
        Set<String> kept = new HashSet<>();
        rendering.provisioned().forEach(resource -> kept.add(resource.secretName()));
        steps.addAll(deprovisionSteps(target, before.stream().filter(resource -> !kept.contains(resource.secretName()))
                .toList()));
        if (waitForRollout) {
            ObjectRef workloadObject = rendered.stream().filter(ref -> ref.kind().equals(kind)).findFirst()
                    .orElseThrow();
            steps.add(new PlannedStep(StepAction.AWAIT_ROLLOUT, workloadObject, null));
        }
        return steps;
    }

    private List<PlannedStep> deprovisionSteps(Target target, List<ProvisionedResource> resources) {
        return resources.stream().map(resource -> ProvisioningSteps.deprovision(target.id(), target.namespace(),
                resource)).toList();
    }

    /** The live difference a dry run shows: objects added, changed (which fields) or left as they are, and removed. */
    private List<DeployResult.ObjectChange> diff(Target target, List<Stamped> manifests,
            List<ManagedObject> applied) {
        List<DeployResult.ObjectChange> changes = new ArrayList<>();
        Set<ObjectRef> rendered = new HashSet<>();
        for (Stamped manifest : manifests) {
            ObjectRef ref = manifest.ref();
            rendered.add(ref);
            Optional<JsonNode> live = objects.get(target.cluster(), ref);
            if (live.isEmpty()) {
                changes.add(new DeployResult.ObjectChange(ref, DeployResult.Change.ADDED, List.of()));
                continue;
            }
            List<String> changed = ManifestDiff.changedFields(manifest.object(), live.get());
            changes.add(new DeployResult.ObjectChange(ref, changed.isEmpty() ? DeployResult.Change.UNCHANGED
                    : DeployResult.Change.CHANGED, changed));
        }
        for (ManagedObject object : applied) {
            if (!rendered.contains(object.ref())) {
                changes.add(new DeployResult.ObjectChange(object.ref(), DeployResult.Change.REMOVED, List.of()));
            }
        }
        return changes;
    }

    /**
     * Images as revisions record them: digests already known (a rollback's, a promotion's), or resolved
     * now from registries Paved can ask (loopback ones, and those configured with credentials); others
     * are resolved when the revision is promoted. A dry run asks no registry.
     */
    private List<ResolvedImage> resolveImages(WorkloadSpec spec, Provenance provenance, boolean dryRun) {
        List<ResolvedImage> images = new ArrayList<>();
        for (Map.Entry<String, String> image : spec.images().entrySet()) {
            String container = image.getKey();
            String reference = image.getValue();
            String digest = knownDigest(provenance, container, reference);
            if (digest == null && !dryRun && askable(reference)) {
                digest = digests.resolve(reference, "/containers/" + container + "/image");
            }
            images.add(new ResolvedImage(container, reference, digest == null ? "" : digest));
        }
        return images;
    }

    /** Whether {@link #resolveImages} will ask a registry for a digest. */
    private boolean asksRegistry(WorkloadSpec spec, Provenance provenance, boolean dryRun) {
        return !dryRun && spec.images().entrySet().stream().anyMatch(image -> knownDigest(provenance, image.getKey(),
                image.getValue()) == null && askable(image.getValue()));
    }

    /** The digest already known for a container's image: a rollback's or promotion's, or the reference's own. */
    private static String knownDigest(Provenance provenance, String container, String reference) {
        String digest = provenance.knownDigests().get(container);
        int at = reference.indexOf("@sha256:");
        return digest == null && at >= 0 ? reference.substring(at + 1) : digest;
    }

    /** Loopback registries (by address, never by a DNS lookup) and those configured with settings. */
    private boolean askable(String reference) {
        try {
            ImageReference parsed = ImageReference.parse(reference);
            return parsed.isOnLoopback() || registries.hosts().containsKey(parsed.registry());
        } catch (IllegalArgumentException invalid) {
            return false;
        }
    }

    private static Map<String, String> digestsOf(Revision revision) {
        Map<String, String> known = new LinkedHashMap<>();
        revision.images().stream().filter(image -> image.digest() != null && !image.digest().isEmpty())
                .forEach(image -> known.put(image.container(), image.digest()));
        return known;
    }

    private Revision unrecordedRevision(Caller caller, Target target, WorkloadSpec spec, GoldenPathVersion goldenPath,
            Rendering rendering, List<ResolvedImage> images, Provenance provenance, long number,
            List<String> manifests) {
        return new Revision(number, spec.name(), target.name(), target.team(), target.application(), target.stage(),
                spec.toJson().toString(), goldenPath.name(), goldenPath.version(), rendering.digest(), images,
                caller.subject(), null, provenance.version(), provenance.commitSha(), provenance.commitTime(),
                Rollout.of(RolloutState.PENDING, "Dry run: nothing was applied."), null, provenance.rolledBackTo(),
                provenance.promotedFrom(), manifests);
    }

    /** A manifest as it is applied: the object, what it is, and its JSON, each made once per request. */
    private record Stamped(ObjectNode object, ObjectRef ref, String json) {
    }

    /** Marks the object as Paved's for this environment, as teardown and the executors check. */
    private static Stamped stampOwnership(ObjectNode manifest, Target target) {
        ObjectNode copy = manifest.deepCopy();
        ObjectNode metadata = copy.with("metadata");
        metadata.put("namespace", target.namespace());
        metadata.with("labels").put(Labels.MANAGED_BY, Labels.PAVED);
        metadata.with("annotations").put(Labels.ENVIRONMENT_ID, target.id().toString());
        return new Stamped(copy, refOf(copy), copy.toString());
    }

    /** The guardrails' decisions, the quota's headroom read in the caller's transaction; a refusal if one denies. */
    private List<GuardrailDecision> checked(WorkloadSpec spec, Rendering rendering, GuardrailPolicy policy,
            Target target) {
        List<GuardrailDecision> decisions = guardrails.check(spec, rendering, policy, headroom(target, spec.name()));
        if (decisions.stream().anyMatch(decision -> !decision.passed())) {
            throw Guardrails.refusal(decisions);
        }
        return decisions;
    }

    private static ObjectRef refOf(JsonNode manifest) {
        JsonNode metadata = manifest.path("metadata");
        return new ObjectRef(manifest.path("apiVersion").asText(), manifest.path("kind").asText(),
                metadata.path("namespace").asText(""), metadata.path("name").asText());
    }

    private static String workloadKind(List<ObjectNode> manifests, GoldenPathVersion goldenPath) {
        return manifests.stream().map(manifest -> manifest.path("kind").asText())
                .filter(kind -> kind.equals(goldenPath.workloadKind())).findFirst()
                .orElse(goldenPath.workloadKind());
    }

    private RenderSettings renderSettings() {
        DeploymentsConfig.Rendering rendering = config.rendering();
        return new RenderSettings(rendering.routeDomain(), rendering.dnsDomain(), rendering.zoneTopologyKey());
    }

    private GuardrailPolicy policyFor(String stage, GoldenPathVersion goldenPath) {
        DeploymentsConfig.Guardrails policy = config.guardrails();
        Set<String> types = new HashSet<>(policy.resourceTypes().getOrDefault(stage, ResourceType.ids()));
        return new GuardrailPolicy(policy.allowedRegistries(), policy.immutableImageStages().contains(stage),
                policy.minReplicas(), policy.maxReplicas(),
                policy.requireProbesForWebService() && goldenPath.name().equals("web-service"), types,
                policy.requireRequestsAndLimits());
    }

    /** What the environment's quota leaves for this workload: its tier's limits less the other workloads'. */
    private QuotaHeadroom headroom(Target target, String workload) {
        ProvisioningConfig.Tier tier = provisioning.tiers().get(target.tier());
        if (tier == null) {
            return null;
        }
        long[] others = store.footprintOfOthers(target.id(), workload);
        return new QuotaHeadroom(Footprint.cpuMillis(tier.quota().limitsCpu()) - others[0],
                Footprint.bytes(tier.quota().limitsMemory()) - others[1]);
    }

    /** The environment a request is about, once the caller may act on it. */
    private record Target(UUID id, String name, String team, String application, String stage, String tier,
            String cluster, String namespace, EnvironmentState state) {

        EnvironmentFacts facts() {
            return new EnvironmentFacts(name, namespace, team, application, stage, cluster);
        }
    }

    private Target target(Caller caller, String environment) {
        Names.requireEnvironment(environment);
        return QuarkusTransaction.requiringNew().call(() -> {
            Environment found = environments.findByName(environment).orElseThrow(() -> ProblemException
                    .notFound("ENVIRONMENT_NOT_FOUND", "There is no environment '" + environment + "'."));
            Access.requireEnvironment(caller, environment, found.team());
            return new Target(found.id(), found.name(), found.team(), found.application(), found.stage(), found.tier(),
                    found.cluster(), found.namespace(), found.state());
        });
    }

    private void requireStageRole(Caller caller, Target target) {
        if (!config.protectedStages().contains(target.stage()) || caller.isPlatformAdmin()) {
            return;
        }
        config.protectedStageRole().filter(role -> !caller.roles().contains(role)).ifPresent(role -> {
            throw ProblemException.forbidden("STAGE_PROTECTED", "Deploying into stage '" + target.stage()
                    + "' needs the role '" + role + "'.");
        });
    }

    /** An environment being created, changed or torn down takes no deployment meanwhile. */
    private void requireEnvironmentIdle(Target target) {
        boolean busy = operations.environmentWideActive(target.id());
        if (busy || target.state() == EnvironmentState.DELETING) {
            throw ProblemException.conflict("ENVIRONMENT_BUSY", "Environment '" + target.name()
                    + "' is being changed; deploy when its operation has finished.");
        }
        if (target.state() == EnvironmentState.FAILED) {
            throw ProblemException.conflict("ENVIRONMENT_FAILED", "Environment '" + target.name()
                    + "' failed its last operation; reconcile or update it first.");
        }
    }

    private Workload requireWorkload(Target target, String workload) {
        return store.workload(target.id(), workload).orElseThrow(() -> ProblemException.notFound("WORKLOAD_NOT_FOUND",
                "Environment '" + target.name() + "' has no workload '" + workload + "'."));
    }

    private static void requireWorkloadName(String workload) {
        if (!Names.isLabel(workload)) {
            throw ProblemException.badRequest("INVALID_WORKLOAD_NAME", "'" + workload + "' is not a workload name.",
                    Violation.parameter("workload", "must be a DNS-1123 label"));
        }
    }

    private String nextStage(String from, String asked) {
        List<String> order = config.stageOrder();
        int position = order.indexOf(from);
        if (position < 0 || position + 1 >= order.size()) {
            throw ProblemException.invalid("NO_NEXT_STAGE", "Stage '" + from + "' is the last one; there is nowhere"
                    + " to promote to.", List.of(Violation.at("/stage", "no stage follows '" + from + "'")));
        }
        String next = order.get(position + 1);
        if (asked == null || asked.isBlank() || asked.equals(next)) {
            return next;
        }
        int askedPosition = order.indexOf(asked);
        if (askedPosition <= position) {
            throw ProblemException.invalid("INVALID_PROMOTION_STAGE", "Stage '" + asked + "' does not come after '"
                    + from + "'.", List.of(Violation.at("/stage", "must be a stage after '" + from + "'")));
        }
        if (!config.allowSkippingStages()) {
            throw ProblemException.invalid("STAGE_SKIP_NOT_ALLOWED", "Promotions go from '" + from + "' to '" + next
                    + "'; skipping stages is not allowed here.", List.of(Violation.at("/stage", "must be '" + next
                            + "'")));
        }
        return asked;
    }

    private static Operation pendingOperation(Caller caller, Target target, OperationType type, String workload,
            Long revision) {
        return Operation.planned(type, target.id(), target.name(), target.team(), caller.subject(), workload, revision);
    }

    /** The planned operation as it is recorded. */
    private Operation stamp(Operation operation, String idempotencyKey, String fingerprint) {
        Instant now = Instant.now();
        return operation.recorded(Ids.newId(), "{}", idempotencyKey, fingerprint, now,
                now.plus(provisioning.operations().deadline()));
    }

    private static ProblemException workloadBusy(String workload) {
        return ProblemException.conflict("WORKLOAD_BUSY", "Another operation on workload '" + workload
                + "' is pending or running; wait for it or cancel it.");
    }

    /**
     * The catalog Component a workload belongs to: the one its {@code paved.dev/component} annotation
     * names ({@code name}, {@code namespace/name} or {@code component:namespace/name}), else its application's.
     */
    private static String componentOf(WorkloadSpec spec, Target target) {
        String named = spec.component();
        if (named == null || named.isBlank()) {
            return componentRef("default", target.application());
        }
        String reference = named.startsWith("component:") ? named.substring("component:".length()) : named;
        int slash = reference.indexOf('/');
        return slash < 0 ? componentRef("default", reference)
                : componentRef(reference.substring(0, slash), reference.substring(slash + 1));
    }

    static String componentRef(String namespace, String name) {
        return "component:" + namespace + "/" + name;
    }

    private JsonNode readTree(String value) {
        try {
            return json.readTree(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored JSON is not readable", e);
        }
    }
}
