package dev.paved.local.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;

/** What every simulated controller works with: the cache, the API writes, the events, the loop and the config. */
abstract class Controller implements ControlLoop.Reconciler {

    /** The shared parts, made once by {@link ClusterSimulator}. */
    record Parts(ClusterState state, ClusterWriter writer, EventRecorder events, ControlLoop loop,
            SimulatorConfig config) {
    }

    protected final ClusterState state;
    protected final ClusterWriter writer;
    protected final EventRecorder events;
    protected final ControlLoop loop;
    protected final SimulatorConfig config;
    protected final Clock clock;
    /** The generation of each workload last warned about, so that a warning is recorded once per change. */
    private final Map<String, Long> warned = new HashMap<>();
    /** When each object is to be looked at again, so that the reconciliations before it set one timer, not many. */
    private final Map<String, Instant> wakeUps = new HashMap<>();

    protected Controller(Parts parts) {
        this.state = parts.state();
        this.writer = parts.writer();
        this.events = parts.events();
        this.loop = parts.loop();
        this.config = parts.config();
        this.clock = parts.config().clock();
    }

    /** Reconciles the object again at {@code time} (at once when it has passed). */
    protected void wakeUpAt(String namespace, String name, Instant time) {
        String key = ObjectCache.key(namespace, name);
        if (time.equals(wakeUps.get(key))) {
            return;
        }
        wakeUps.put(key, time);
        loop.schedule(Duration.between(clock.instant(), time), () -> {
            wakeUps.remove(key, time);
            loop.enqueue(this, namespace, name);
        });
    }

    /**
     * A Warning event when the {@value FailureMode#ANNOTATION} of the workload or its pod template names
     * no simulation, once per generation.
     */
    protected void warnOfUnknownSimulation(HasMetadata workload, PodTemplateSpec template, String component,
            Instant now) {
        String annotation = ClusterState.simulationFor(Optional.of(workload), template);
        Long generation = workload.getMetadata().getGeneration();
        if (annotation == null || FailureMode.parse(annotation).isPresent()
                || Objects.equals(warned.put(workload.getMetadata().getUid(), generation), generation)) {
            return;
        }
        events.warning(workload, component, "UnknownSimulation", FailureMode.ANNOTATION + " '" + annotation
                + "' names no simulation; the known ones are " + FailureMode.allowedValues(), now);
    }
}
