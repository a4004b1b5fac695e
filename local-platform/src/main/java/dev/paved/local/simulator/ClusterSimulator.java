package dev.paved.local.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.paved.local.InProcessKubernetes;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;

/**
 * A cluster's control plane and kubelets for the in-process Kubernetes API, after KWOK: it watches
 * the API through a Kubernetes client, as controllers do, and for the Deployments and CronJobs
 * labelled {@code app.kubernetes.io/managed-by: paved} makes ReplicaSets, Jobs and pods, schedules the
 * pods onto simulated nodes, moves them through their lifecycle, keeps every status as the real
 * controllers do and records their events; the annotation {@code paved.dev/simulate} makes a workload
 * act out a failure. It also serves the pods' logs and metrics on the API's own port. Objects it was
 * not asked to run, it leaves alone.
 */
public final class ClusterSimulator implements AutoCloseable {

    private static final Duration SYNC_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration EVENT_EXPIRY_PERIOD = Duration.ofMinutes(10);

    private final InProcessKubernetes api;
    private final KubernetesClient client;
    private final ControlLoop loop;
    private final SimulatorRoutes routes;
    private final List<SharedIndexInformer<?>> informers = new ArrayList<>();

    private ClusterSimulator(InProcessKubernetes api, KubernetesClient client, ControlLoop loop,
            SimulatorRoutes routes) {
        this.api = api;
        this.client = client;
        this.loop = loop;
        this.routes = routes;
    }

    /**
     * Starts simulating on {@code api}: returns once it has read the API's objects, created its nodes
     * and started on the workloads it found.
     *
     * @throws IllegalStateException when the API cannot be read
     */
    public static ClusterSimulator start(InProcessKubernetes api, SimulatorConfig config) {
        Config clientConfig = new ConfigBuilder(Config.empty()).withMasterUrl(api.url()).build();
        KubernetesClient client = new KubernetesClientBuilder().withConfig(clientConfig).build();
        ControlLoop loop = new ControlLoop();
        ClusterState state = new ClusterState();
        ClusterSimulator simulator = new ClusterSimulator(api, client, loop,
                new SimulatorRoutes(new StoredPods(api), config));
        try {
            simulator.run(state, config);
        } catch (RuntimeException e) {
            simulator.close();
            throw e;
        }
        return simulator;
    }

    private void run(ClusterState state, SimulatorConfig config) {
        // The client's first read of an object by its kind scans the class path for model classes: here, on
        // the starting thread, not on the client's event loop, which the first watch event would stall.
        client.getKubernetesSerialization().unmarshal("{\"apiVersion\":\"v1\",\"kind\":\"Pod\"}",
                KubernetesResource.class);
        Controllers controllers = new Controllers(state, config);
        List<CompletableFuture<Void>> listed = List.of(
                watch(client.apps().deployments().inAnyNamespace().runnableInformer(0), controllers.writer),
                watch(client.apps().replicaSets().inAnyNamespace().runnableInformer(0), controllers.writer),
                watch(client.pods().inAnyNamespace().runnableInformer(0), controllers.writer),
                watch(client.batch().v1().cronjobs().inAnyNamespace().runnableInformer(0), controllers.writer),
                watch(client.batch().v1().jobs().inAnyNamespace().runnableInformer(0), controllers.writer),
                watch(client.nodes().runnableInformer(0), controllers.writer));
        try {
            CompletableFuture.allOf(listed.toArray(CompletableFuture[]::new))
                    .get(SYNC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the cluster simulator cannot watch the objects at " + api.url() + ": "
                    + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the cluster simulator started", e);
        }
        awaitOnLoop(() -> controllers.begin(config));
        api.serve(routes);
        expireEventsPeriodically(controllers.events, config);
    }

    /** Starts an informer that hands what it hears to the loop; completes when it has listed everything. */
    private <T extends HasMetadata> CompletableFuture<Void> watch(SharedIndexInformer<T> informer,
            ClusterWriter writer) {
        informer.addEventHandler(new ResourceEventHandler<T>() {
            @Override
            public void onAdd(T object) {
                loop.execute(() -> writer.seen(object));
            }

            @Override
            public void onUpdate(T before, T after) {
                loop.execute(() -> writer.seen(after));
            }

            @Override
            public void onDelete(T object, boolean finalStateUnknown) {
                loop.execute(() -> writer.forgotten(object));
            }
        });
        informers.add(informer);
        return informer.start().toCompletableFuture();
    }

    /** Runs {@code task} on the loop, after everything the informers have queued so far, and waits for it. */
    private void awaitOnLoop(Runnable task) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                task.run();
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        try {
            done.get(SYNC_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the cluster simulator did not start: "
                    + (e.getCause() == null ? e : e.getCause()).getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the cluster simulator started", e);
        }
    }

    private void expireEventsPeriodically(EventRecorder events, SimulatorConfig config) {
        loop.schedule(EVENT_EXPIRY_PERIOD, () -> {
            events.expire(config.clock().instant());
            expireEventsPeriodically(events, config);
        });
    }

    /** Where Prometheus scrapes the containers' usage: the API's {@code /metrics}. */
    public String prometheusUrl() {
        return api.url() + SimulatorRoutes.PROMETHEUS_PATH;
    }

    /** Stops simulating: what it started keeps its last state in the API. Ends open log streams. */
    @Override
    public void close() {
        api.stopServing(routes);
        routes.close();
        informers.forEach(SharedIndexInformer::stop);
        loop.close();
        client.close();
    }

    /** The controllers, and who hears of which change. Used on the loop only. */
    private final class Controllers implements ClusterWriter.Observer {
        private final ClusterState state;
        private final ClusterWriter writer;
        private final EventRecorder events;
        private final DeploymentController deployments;
        private final ReplicaSetController replicaSets;
        private final PodLifecycle pods;
        private final JobController jobs;
        private final CronJobController cronJobs;
        private final GarbageCollector collector;
        private boolean started;

        Controllers(ClusterState state, SimulatorConfig config) {
            this.state = state;
            this.writer = new ClusterWriter(client, state, this);
            this.events = new EventRecorder(client);
            Controller.Parts parts = new Controller.Parts(state, writer, events, loop, config);
            this.deployments = new DeploymentController(parts);
            this.replicaSets = new ReplicaSetController(parts);
            this.pods = new PodLifecycle(parts);
            this.jobs = new JobController(parts);
            this.cronJobs = new CronJobController(parts);
            this.collector = new GarbageCollector(state, writer);
        }

        /** Once the informers have listed everything: nodes, orphans, and a look at every object. */
        void begin(SimulatorConfig config) {
            started = true;
            SimulatedNodes.ensure(config.nodes(), state, writer, config.clock().instant());
            collector.collectOrphans();
            state.deployments.all().forEach(this::changed);
            state.cronJobs.all().forEach(this::changed);
            state.replicaSets.all().forEach(this::changed);
            state.jobs.all().forEach(this::changed);
            state.pods.all().forEach(this::changed);
        }

        @Override
        public void changed(HasMetadata object) {
            if (!started) {
                return;
            }
            if (object instanceof Deployment deployment) {
                enqueue(deployments, deployment);
            } else if (object instanceof ReplicaSet replicaSet) {
                enqueue(replicaSets, replicaSet);
                state.ownerOf(replicaSet).ifPresent(owner -> enqueue(deployments, owner));
            } else if (object instanceof Pod pod) {
                enqueue(pods, pod);
                state.replicaSetOf(pod).ifPresent(owner -> enqueue(replicaSets, owner));
                state.jobOf(pod).ifPresent(owner -> enqueue(jobs, owner));
            } else if (object instanceof Job job) {
                enqueue(jobs, job);
                state.ownerOf(job).ifPresent(owner -> enqueue(cronJobs, owner));
            } else if (object instanceof CronJob cronJob) {
                enqueue(cronJobs, cronJob);
            } else if (object instanceof Node) {
                retryUnscheduled();
            }
        }

        @Override
        public void deleted(HasMetadata object) {
            if (!started) {
                return;
            }
            collector.ownerDeleted(object);
            if (object instanceof ReplicaSet replicaSet) {
                state.ownerOf(replicaSet).ifPresent(owner -> enqueue(deployments, owner));
            } else if (object instanceof Pod pod) {
                pods.forget(pod);
                state.replicaSetOf(pod).ifPresent(owner -> enqueue(replicaSets, owner));
                state.jobOf(pod).ifPresent(owner -> enqueue(jobs, owner));
                // Room on a node: the scheduler looks again at what did not fit.
                retryUnscheduled();
            } else if (object instanceof Job job) {
                state.ownerOf(job).ifPresent(owner -> enqueue(cronJobs, owner));
            }
        }

        private void retryUnscheduled() {
            state.pods.all().stream().filter(pod -> !Pods.scheduled(pod) && !ClusterState.deleting(pod))
                    .forEach(pod -> enqueue(pods, pod));
        }

        private void enqueue(ControlLoop.Reconciler reconciler, HasMetadata object) {
            loop.enqueue(reconciler, object.getMetadata().getNamespace(), object.getMetadata().getName());
        }
    }
}
