package dev.paved.local.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;

/**
 * Records v1 Events as the real components do: one Event per object, reason, message and source,
 * whose {@code count} and {@code lastTimestamp} grow when the same thing happens again (Kubernetes'
 * event correlator does the same, for the same reason: a crash loop would otherwise bury everything
 * else). Like the API server, it drops its events an hour after they last happened.
 */
final class EventRecorder {

    static final String DEPLOYMENT_CONTROLLER = "deployment-controller";
    static final String REPLICASET_CONTROLLER = "replicaset-controller";
    static final String JOB_CONTROLLER = "job-controller";
    static final String CRONJOB_CONTROLLER = "cronjob-controller";
    static final String SCHEDULER = "default-scheduler";
    static final String KUBELET = "kubelet";
    private static final Set<String> COMPONENTS = Set.of(DEPLOYMENT_CONTROLLER, REPLICASET_CONTROLLER,
            JOB_CONTROLLER, CRONJOB_CONTROLLER, SCHEDULER, KUBELET);
    static final Duration TIME_TO_LIVE = Duration.ofHours(1);
    /** As many similar events as Kubernetes' event correlator remembers. */
    private static final int REMEMBERED = 4096;

    private record Similar(String uid, String fieldPath, String type, String reason, String message,
            String component) {
    }

    private final KubernetesClient client;
    private final Map<Similar, Event> recorded = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Similar, Event> eldest) {
            return size() > REMEMBERED;
        }
    };

    private long lastNanos;

    EventRecorder(KubernetesClient client) {
        this.client = client;
    }

    void normal(HasMetadata object, String component, String reason, String message, Instant now) {
        record(object, null, null, "Normal", component, reason, message, now);
    }

    void warning(HasMetadata object, String component, String reason, String message, Instant now) {
        record(object, null, null, "Warning", component, reason, message, now);
    }

    /** An event of the kubelet on {@code host} about one container ({@code fieldPath} {@code spec.containers{name}}). */
    void kubelet(HasMetadata pod, String host, String container, String type, String reason, String message,
            Instant now) {
        record(pod, host, container == null ? null : "spec.containers{" + container + "}", type, KUBELET, reason,
                message, now);
    }

    private void record(HasMetadata object, String host, String fieldPath, String type, String component,
            String reason, String message, Instant now) {
        Similar similar = new Similar(object.getMetadata().getUid(), fieldPath, type, reason, message, component);
        Event earlier = recorded.get(similar);
        String time = Timestamps.format(now);
        if (earlier != null) {
            earlier.setCount(earlier.getCount() == null ? 2 : earlier.getCount() + 1);
            earlier.setLastTimestamp(time);
            try {
                recorded.put(similar, client.resource(earlier).update());
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404 && e.getCode() != 409) {
                    throw e;
                }
                // Deleted or changed by someone else: a new one follows.
            }
        }
        String namespace = object.getMetadata().getNamespace() == null ? "default" : object.getMetadata().getNamespace();
        Event event = new EventBuilder().withNewMetadata()
                .withName(object.getMetadata().getName() + "." + Long.toHexString(uniqueNanos(now)))
                .withNamespace(namespace).endMetadata()
                .withInvolvedObject(new ObjectReferenceBuilder().withApiVersion(object.getApiVersion())
                        .withKind(object.getKind()).withNamespace(object.getMetadata().getNamespace())
                        .withName(object.getMetadata().getName()).withUid(object.getMetadata().getUid())
                        .withResourceVersion(object.getMetadata().getResourceVersion()).withFieldPath(fieldPath)
                        .build())
                .withType(type).withReason(reason).withMessage(message)
                .withNewSource().withComponent(component).withHost(host).endSource()
                .withReportingComponent(component).withReportingInstance(host == null ? "" : host)
                .withFirstTimestamp(time).withLastTimestamp(time).withCount(1).build();
        recorded.put(similar, client.resource(event).create());
    }

    /** The time in nanoseconds, as in a real event's name, made unique among this recorder's events. */
    private long uniqueNanos(Instant now) {
        lastNanos = Math.max(lastNanos + 1, now.getEpochSecond() * 1_000_000_000L + now.getNano());
        return lastNanos;
    }

    /** Deletes the events the simulator recorded that last happened longer than {@link #TIME_TO_LIVE} ago. */
    void expire(Instant now) {
        Instant oldest = now.minus(TIME_TO_LIVE);
        List<Event> expired = client.v1().events().inAnyNamespace().list().getItems().stream()
                .filter(event -> COMPONENTS.contains(event.getReportingComponent()))
                .filter(event -> Timestamps.parse(event.getLastTimestamp()).filter(oldest::isAfter).isPresent())
                .toList();
        for (Event event : expired) {
            try {
                client.resource(event).delete();
            } catch (KubernetesClientException e) {
                if (e.getCode() != 404) {
                    throw e;
                }
            }
        }
        recorded.values().removeIf(event -> Timestamps.parse(event.getLastTimestamp()).filter(oldest::isAfter)
                .isPresent());
    }
}
