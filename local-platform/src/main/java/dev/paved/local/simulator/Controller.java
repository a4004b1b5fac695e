package dev.paved.local.simulator;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

import io.fabric8.kubernetes.api.model.HasMetadata;

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

    protected Controller(Parts parts) {
        this.state = parts.state();
        this.writer = parts.writer();
        this.events = parts.events();
        this.loop = parts.loop();
        this.config = parts.config();
        this.clock = parts.config().clock();
    }

    /** A Warning event when the workload's {@value FailureMode#ANNOTATION} names no simulation, once per generation. */
    protected void warnOfUnknownSimulation(HasMetadata workload, String component, Instant now) {
        String annotation = workload.getMetadata().getAnnotations().get(FailureMode.ANNOTATION);
        Long generation = workload.getMetadata().getGeneration();
        if (annotation == null || FailureMode.parse(annotation).isPresent()
                || Objects.equals(warned.put(workload.getMetadata().getUid(), generation), generation)) {
            return;
        }
        events.warning(workload, component, "UnknownSimulation", FailureMode.ANNOTATION + " '" + annotation
                + "' names no simulation; the known ones are " + FailureMode.allowedValues(), now);
    }
}
