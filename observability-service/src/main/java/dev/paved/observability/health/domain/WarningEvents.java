package dev.paved.observability.health.domain;

import java.time.Instant;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;

/**
 * The warning events of a workload: those about the workload itself, its ReplicaSets or Jobs and
 * their pods. Events outlive the pods they are about (a crashed pod replaced, a failed run's pod
 * cleaned up), so an object that is gone still counts as the workload's when its name is one the
 * workload's controllers generate: {@code <deployment>-<hash>} and {@code <deployment>-<hash>-<suffix>},
 * {@code <statefulset>-<ordinal>}, {@code <cronjob>-<minute>} and {@code <cronjob>-<minute>-<suffix>}.
 */
public final class WarningEvents {

    /** The letters Kubernetes draws generated name suffixes and pod-template hashes from. */
    private static final String GENERATED = "[bcdfghjklmnpqrstvwxz2456789]";

    private static final Comparator<WarningEvent> NEWEST_FIRST = Comparator
            .comparing(WarningEvent::lastSeen, Comparator.nullsLast(Comparator.reverseOrder()))
            .thenComparing(WarningEvent::object)
            .thenComparing(WarningEvent::reason, Comparator.nullsLast(Comparator.naturalOrder()));

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    private WarningEvents() {
    }

    /**
     * The workload's warnings last seen at or after {@code since} (all when null), newest first, at
     * most {@code limit} (default 100 when null or 0, at most 1000; anything else is a 400
     * {@code INVALID_LIMIT}).
     */
    public static List<WarningEvent> of(NamespaceObjects objects, WorkloadRef workload, Instant since, Integer limit) {
        int max = limit(limit);
        Membership membership = new Membership(objects, workload);
        return select(objects.events().stream().filter(event -> membership.contains(event.getInvolvedObject())),
                since, max);
    }

    /** Every warning of the namespace, whatever it is about, as {@link #of} selects them. */
    public static List<WarningEvent> ofNamespace(NamespaceObjects objects, Instant since, Integer limit) {
        int max = limit(limit);
        return select(objects.events().stream().filter(event -> event.getInvolvedObject() != null), since, max);
    }

    private static int limit(Integer limit) {
        int effective = limit == null || limit == 0 ? DEFAULT_LIMIT : limit;
        if (effective < 1 || effective > MAX_LIMIT) {
            throw ProblemException.badRequest("INVALID_LIMIT", "limit must be a whole number between 1 and "
                    + MAX_LIMIT + ".", Violation.parameter("limit", "must be a whole number between 1 and "
                            + MAX_LIMIT + ", was " + limit));
        }
        return effective;
    }

    private static List<WarningEvent> select(Stream<Event> events, Instant since, int max) {
        return events
                .filter(event -> "Warning".equals(event.getType()))
                .map(WarningEvents::summarize)
                .filter(event -> since == null || (event.lastSeen() != null && !event.lastSeen().isBefore(since)))
                .sorted(NEWEST_FIRST)
                .limit(max)
                .toList();
    }

    /**
     * When an event last happened: its series' last observation, its last timestamp, its event time, or
     * its creation.
     */
    static Instant lastSeen(Event event) {
        return Times.firstKnown(
                event.getSeries() == null ? null : Times.parse(event.getSeries().getLastObservedTime()),
                Times.parse(event.getLastTimestamp()),
                Times.parse(event.getEventTime()),
                Times.parse(event.getMetadata() == null ? null : event.getMetadata().getCreationTimestamp()));
    }

    private static WarningEvent summarize(Event event) {
        ObjectReference about = event.getInvolvedObject();
        int count = event.getSeries() != null && event.getSeries().getCount() != null ? event.getSeries().getCount()
                : event.getCount() != null ? event.getCount() : 1;
        Instant firstSeen = Times.firstKnown(Times.parse(event.getFirstTimestamp()), Times.parse(event.getEventTime()),
                Times.parse(event.getMetadata() == null ? null : event.getMetadata().getCreationTimestamp()));
        return new WarningEvent(event.getReason(), event.getMessage(), about.getKind() + "/" + about.getName(), count,
                firstSeen, lastSeen(event));
    }

    /** Which objects are the workload's: those it owns now, and those its controllers' names give away. */
    private static final class Membership {

        private final WorkloadRef workload;
        private final Set<String> owned = new HashSet<>();
        private final Pattern childName;
        private final String childKind;
        private final Pattern podName;

        Membership(NamespaceObjects objects, WorkloadRef workload) {
            this.workload = workload;
            String name = Pattern.quote(workload.name());
            objects.workload(workload).ifPresent(object -> {
                if (object instanceof Deployment deployment) {
                    objects.replicaSetsOf(deployment).forEach(this::own);
                } else if (object instanceof CronJob cronJob) {
                    objects.jobsOf(cronJob).forEach(this::own);
                }
            });
            objects.podsOf(workload).forEach(this::own);
            switch (workload.kind()) {
                case DEPLOYMENT -> {
                    childKind = "ReplicaSet";
                    childName = Pattern.compile(name + "-" + GENERATED + "{1,10}");
                    podName = Pattern.compile(name + "-" + GENERATED + "{1,10}-" + GENERATED + "{5}");
                }
                case CRON_JOB -> {
                    childKind = "Job";
                    childName = Pattern.compile(name + "-\\d+");
                    podName = Pattern.compile(name + "-\\d+-" + GENERATED + "{5}");
                }
                default -> {
                    childKind = null;
                    childName = null;
                    podName = Pattern.compile(name + "-\\d+");
                }
            }
        }

        private void own(HasMetadata object) {
            owned.add(NamespaceObjects.object(object));
        }

        boolean contains(ObjectReference about) {
            if (about == null || about.getKind() == null || about.getName() == null) {
                return false;
            }
            String kind = about.getKind();
            String name = about.getName();
            if (kind.equals(workload.kind().kind())) {
                return name.equals(workload.name());
            }
            if (owned.contains(kind + "/" + name)) {
                return true;
            }
            if (kind.equals("Pod")) {
                return podName.matcher(name).matches();
            }
            return kind.equals(childKind) && childName.matcher(name).matches();
        }
    }
}
