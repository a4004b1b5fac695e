package dev.paved.observability.health.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.paved.common.problem.ProblemException;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;

/**
 * The live objects of one namespace that health, pods and events are read from, with the links
 * between them: a Deployment owns ReplicaSets that own Pods, a StatefulSet owns Pods, a CronJob owns
 * Jobs that own Pods.
 *
 * <p>An object belongs to the owner its controller reference names (the first owner reference when
 * none is marked controller), matched by uid, or by kind and name when the reference carries no uid.
 * The objects are read, never changed: they may be shared with the cache they came from.
 */
public final class NamespaceObjects {

    private final String namespace;
    private final List<Deployment> deployments;
    private final List<ReplicaSet> replicaSets;
    private final List<StatefulSet> statefulSets;
    private final List<CronJob> cronJobs;
    private final List<Job> jobs;
    private final List<Pod> pods;
    private final List<Event> events;
    private final Map<String, Deployment> deploymentsByName = new HashMap<>();
    private final Map<String, StatefulSet> statefulSetsByName = new HashMap<>();
    private final Map<String, CronJob> cronJobsByName = new HashMap<>();
    private final Map<String, List<ReplicaSet>> replicaSetsByOwner;
    private final Map<String, List<Job>> jobsByOwner;
    private final Map<String, List<Pod>> podsByOwner;
    private final Map<String, List<Event>> eventsByObject = new HashMap<>();

    private NamespaceObjects(String namespace, List<Deployment> deployments, List<ReplicaSet> replicaSets,
            List<StatefulSet> statefulSets, List<CronJob> cronJobs, List<Job> jobs, List<Pod> pods,
            List<Event> events) {
        this.namespace = namespace;
        this.deployments = List.copyOf(deployments);
        this.replicaSets = List.copyOf(replicaSets);
        this.statefulSets = List.copyOf(statefulSets);
        this.cronJobs = List.copyOf(cronJobs);
        this.jobs = List.copyOf(jobs);
        this.pods = List.copyOf(pods);
        this.events = List.copyOf(events);
        this.deployments.forEach(deployment -> deploymentsByName.put(name(deployment), deployment));
        this.statefulSets.forEach(statefulSet -> statefulSetsByName.put(name(statefulSet), statefulSet));
        this.cronJobs.forEach(cronJob -> cronJobsByName.put(name(cronJob), cronJob));
        this.replicaSetsByOwner = byOwner(this.replicaSets);
        this.jobsByOwner = byOwner(this.jobs);
        this.podsByOwner = byOwner(this.pods);
        for (Event event : this.events) {
            ObjectReference about = event.getInvolvedObject();
            if (about != null && about.getKind() != null && about.getName() != null) {
                eventsByObject.computeIfAbsent(about.getKind() + "/" + about.getName(), key -> new ArrayList<>())
                        .add(event);
            }
        }
    }

    public static NamespaceObjects of(String namespace, List<Deployment> deployments, List<ReplicaSet> replicaSets,
            List<StatefulSet> statefulSets, List<CronJob> cronJobs, List<Job> jobs, List<Pod> pods,
            List<Event> events) {
        return new NamespaceObjects(namespace, deployments, replicaSets, statefulSets, cronJobs, jobs, pods, events);
    }

    public String namespace() {
        return namespace;
    }

    /** Every Deployment, StatefulSet and CronJob of the namespace, by name, then in {@link WorkloadKind} order. */
    public List<WorkloadRef> workloads() {
        List<WorkloadRef> workloads = new ArrayList<>(deployments.size() + statefulSets.size() + cronJobs.size());
        deployments.forEach(deployment -> workloads.add(WorkloadRef.deployment(name(deployment))));
        statefulSets.forEach(statefulSet -> workloads.add(WorkloadRef.statefulSet(name(statefulSet))));
        cronJobs.forEach(cronJob -> workloads.add(WorkloadRef.cronJob(name(cronJob))));
        workloads.sort(Comparator.comparing(WorkloadRef::name).thenComparing(WorkloadRef::kind));
        return workloads;
    }

    /** The workload's object, when it is in the namespace. */
    public Optional<HasMetadata> workload(WorkloadRef workload) {
        return Optional.ofNullable(switch (workload.kind()) {
            case DEPLOYMENT -> deploymentsByName.get(workload.name());
            case STATEFUL_SET -> statefulSetsByName.get(workload.name());
            case CRON_JOB -> cronJobsByName.get(workload.name());
        });
    }

    /**
     * A workload by name: the first kind of {@link WorkloadKind} with that name in the namespace, else
     * the expected workload of that name (which is then missing). Paved's workload names are unique in
     * an environment; a namespace may hold a Deployment and a CronJob of one name only when someone
     * else made them.
     *
     * @throws ProblemException 404 {@code WORKLOAD_NOT_FOUND} when neither holds one
     */
    public WorkloadRef resolve(String name, Collection<WorkloadRef> expected) {
        for (WorkloadKind kind : WorkloadKind.values()) {
            WorkloadRef candidate = new WorkloadRef(kind, name);
            if (workload(candidate).isPresent()) {
                return candidate;
            }
        }
        for (WorkloadKind kind : WorkloadKind.values()) {
            WorkloadRef candidate = new WorkloadRef(kind, name);
            if (expected.contains(candidate)) {
                return candidate;
            }
        }
        throw ProblemException.notFound("WORKLOAD_NOT_FOUND", "No workload '" + name + "' in namespace " + namespace
                + ".");
    }

    public List<ReplicaSet> replicaSetsOf(Deployment deployment) {
        return ownedBy(replicaSetsByOwner, deployment);
    }

    public List<Job> jobsOf(CronJob cronJob) {
        return ownedBy(jobsByOwner, cronJob);
    }

    /** The pods the given object (a ReplicaSet, StatefulSet or Job) controls. */
    public List<Pod> podsOf(HasMetadata controller) {
        return ownedBy(podsByOwner, controller);
    }

    /** Every pod of a workload: of each of its ReplicaSets or Jobs, or its own for a StatefulSet. */
    public List<Pod> podsOf(WorkloadRef workload) {
        return workload(workload).map(object -> switch (workload.kind()) {
            case DEPLOYMENT -> replicaSetsOf((Deployment) object).stream()
                    .flatMap(replicaSet -> podsOf(replicaSet).stream()).toList();
            case STATEFUL_SET -> podsOf(object);
            case CRON_JOB -> jobsOf((CronJob) object).stream().flatMap(job -> podsOf(job).stream()).toList();
        }).orElse(List.of());
    }

    /** The events whose involved object is {@code kind/name}. */
    public List<Event> eventsAbout(String kind, String name) {
        return eventsByObject.getOrDefault(kind + "/" + name, List.of());
    }

    public List<Deployment> deployments() {
        return deployments;
    }

    public List<ReplicaSet> replicaSets() {
        return replicaSets;
    }

    public List<StatefulSet> statefulSets() {
        return statefulSets;
    }

    public List<CronJob> cronJobs() {
        return cronJobs;
    }

    public List<Job> jobs() {
        return jobs;
    }

    public List<Pod> pods() {
        return pods;
    }

    public List<Event> events() {
        return events;
    }

    static String name(HasMetadata object) {
        return object.getMetadata().getName();
    }

    /** {@code Kind/name}; the kind from the object's class, which a list's items need not carry. */
    static String object(HasMetadata object) {
        return HasMetadata.getKind(object.getClass()) + "/" + name(object);
    }

    private static <T extends HasMetadata> Map<String, List<T>> byOwner(List<T> objects) {
        Map<String, List<T>> byOwner = new HashMap<>();
        for (T object : objects) {
            OwnerReference owner = controllerOf(object);
            if (owner != null) {
                byOwner.computeIfAbsent(ownerKey(owner), key -> new ArrayList<>()).add(object);
            }
        }
        return byOwner;
    }

    private static OwnerReference controllerOf(HasMetadata object) {
        List<OwnerReference> owners = object.getMetadata().getOwnerReferences();
        if (owners == null || owners.isEmpty()) {
            return null;
        }
        return owners.stream().filter(owner -> Boolean.TRUE.equals(owner.getController())).findFirst()
                .orElse(owners.get(0));
    }

    private static String ownerKey(OwnerReference owner) {
        return owner.getUid() == null || owner.getUid().isEmpty()
                ? owner.getKind() + "/" + owner.getName()
                : owner.getUid();
    }

    private static <T> List<T> ownedBy(Map<String, List<T>> byOwner, HasMetadata owner) {
        List<T> byName = byOwner.getOrDefault(object(owner), List.of());
        String uid = owner.getMetadata().getUid();
        List<T> byUid = uid == null || uid.isEmpty() ? List.of() : byOwner.getOrDefault(uid, List.of());
        if (byName.isEmpty()) {
            return byUid;
        }
        if (byUid.isEmpty()) {
            return byName;
        }
        List<T> both = new ArrayList<>(byUid);
        both.addAll(byName);
        return both;
    }
}
