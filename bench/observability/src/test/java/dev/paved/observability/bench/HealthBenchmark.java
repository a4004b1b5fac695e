package dev.paved.observability.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

import org.junit.jupiter.api.Test;

import dev.paved.observability.health.domain.EnvironmentHealth;
import dev.paved.observability.health.domain.Health;
import dev.paved.observability.health.domain.HealthAssessment;
import dev.paved.observability.health.domain.HealthPolicy;
import dev.paved.observability.health.domain.NamespaceObjects;
import dev.paved.observability.health.domain.PodSummaries;
import dev.paved.observability.health.domain.WarningEvents;
import dev.paved.observability.health.domain.WorkloadRef;
import dev.paved.observability.kubernetes.ClusterCache;
import dev.paved.observability.kubernetes.TestClusters;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.CronJobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;

/**
 * The health of one environment of 50 workloads and 500 pods, computed from the cluster cache, against
 * the in-process Kubernetes API (fabric8's CRUD mock server): how long a status takes, and how long a
 * write takes to reach the cache. See bench/observability/README.md.
 */
@EnableKubernetesMockClient(crud = true)
class HealthBenchmark {

    private static final String NAMESPACE = "shop-prod";
    private static final int DEPLOYMENTS = 40;
    private static final int STATEFUL_SETS = 5;
    private static final int CRON_JOBS = 5;
    private static final int REPLICAS = 10;
    private static final int JOBS_PER_CRON_JOB = 5;
    private static final int PODS_PER_JOB = 2;

    private static final int WARMUP = Integer.getInteger("paved.bench.warmup", 3_000);
    private static final int ROUNDS = Integer.getInteger("paved.bench.rounds", 10_000);
    private static final int WRITES = Integer.getInteger("paved.bench.writes", 300);
    private static final int CALLERS = Integer.getInteger("paved.bench.callers", 4);

    KubernetesClient client;

    /** Where results go, so that the JIT cannot drop the work measured. */
    private volatile Object sink;

    private final Instant start = Instant.now();
    private final List<WorkloadRef> expected = new ArrayList<>();
    private final StringBuilder report = new StringBuilder();
    private int pods;
    private int events;

    @Test
    void statusOfAnEnvironmentWith50WorkloadsAnd500Pods() throws Exception {
        long loading = System.nanoTime();
        populate();
        say("objects: %d workloads, %d pods, %d events, written in %d ms", expected.size(), pods, events,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - loading));

        ClusterCache cache = new ClusterCache(TestClusters.local(client));
        long syncing = System.nanoTime();
        cache.start();
        while (!cache.hasSynced() || cache.workloadsOf("local", NAMESPACE).isEmpty()) {
            LockSupport.parkNanos(100_000);
        }
        say("cache: first list of the namespace's 7 kinds in %d ms", TimeUnit.NANOSECONDS.toMillis(System.nanoTime()
                - syncing));

        HealthAssessment assessment = new HealthAssessment(HealthPolicy.DEFAULT);
        EnvironmentHealth sample = assessment.environment(snapshot(cache), expected, Instant.now());
        Map<Health, Integer> byHealth = new TreeMap<>();
        sample.workloads().forEach(workload -> byHealth.merge(workload.health(), 1, Integer::sum));
        say("status: environment %s; workloads %s; %d reasons", sample.health().label(), byHealth,
                sample.workloads().stream().mapToInt(workload -> workload.reasons().size()).sum());

        measure("environment status (snapshot + rules), 1 caller",
                () -> assessment.environment(snapshot(cache), expected, Instant.now()));
        measure("workload status (snapshot + rules), 1 caller",
                () -> assessment.workload(snapshot(cache), "svc-10", expected, Instant.now()));
        measure("workload pods (snapshot + summaries), 1 caller",
                () -> PodSummaries.of(snapshot(cache), WorkloadRef.deployment("svc-10"), Instant.now()));
        measure("workload warning events (snapshot + filter), 1 caller",
                () -> WarningEvents.of(snapshot(cache), WorkloadRef.deployment("svc-10"), null, 50));
        measureConcurrently("environment status, " + CALLERS + " callers at once",
                () -> assessment.environment(snapshot(cache), expected, Instant.now()));
        staleness(cache);
        cache.stop();

        Path out = Path.of("target", "bench-observability.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, report.toString());
    }

    /** Write → visible: an Event created, timed from the API's answer until the cache holds it. */
    private void staleness(ClusterCache cache) {
        long[] afterAnswer = new long[WRITES];
        long[] afterRequest = new long[WRITES];
        for (int write = 0; write < WRITES; write++) {
            String name = "probe-" + write;
            long requested = System.nanoTime();
            client.v1().events().inNamespace(NAMESPACE).resource(new EventBuilder().withMetadata(meta(name, null))
                    .withType("Warning").withReason("Probe").withMessage("write " + write)
                    .withNewInvolvedObject().withKind("Deployment").withName("svc-00").withNamespace(NAMESPACE)
                    .endInvolvedObject().withLastTimestamp(Instant.now().toString()).build()).create();
            long answered = System.nanoTime();
            while (!holds(cache, name)) {
                LockSupport.parkNanos(20_000);
            }
            long seen = System.nanoTime();
            afterAnswer[write] = seen - answered;
            afterRequest[write] = seen - requested;
        }
        say("%-55s %s", "write → cache, from the API's answer (" + WRITES + " writes)", percentiles(afterAnswer));
        say("%-55s %s", "write → cache, from the request", percentiles(afterRequest));
    }

    private static boolean holds(ClusterCache cache, String eventName) {
        return cache.workloadsOf("local", NAMESPACE).orElseThrow().events().stream()
                .anyMatch(event -> eventName.equals(event.getMetadata().getName()));
    }

    private void measure(String what, Supplier<?> call) {
        for (int round = 0; round < WARMUP; round++) {
            consume(call.get());
        }
        long[] took = new long[ROUNDS];
        for (int round = 0; round < ROUNDS; round++) {
            long begun = System.nanoTime();
            consume(call.get());
            took[round] = System.nanoTime() - begun;
        }
        say("%-55s %s", what, percentiles(took));
    }

    private void measureConcurrently(String what, Supplier<?> call) throws Exception {
        ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
        try {
            List<Future<long[]>> results = new ArrayList<>();
            for (int caller = 0; caller < CALLERS; caller++) {
                results.add(callers.submit(() -> {
                    long[] took = new long[ROUNDS / CALLERS];
                    for (int round = 0; round < took.length; round++) {
                        long begun = System.nanoTime();
                        consume(call.get());
                        took[round] = System.nanoTime() - begun;
                    }
                    return took;
                }));
            }
            long[] all = new long[0];
            for (Future<long[]> result : results) {
                long[] took = result.get();
                long[] merged = Arrays.copyOf(all, all.length + took.length);
                System.arraycopy(took, 0, merged, all.length, took.length);
                all = merged;
            }
            say("%-55s %s", what, percentiles(all));
        } finally {
            callers.shutdownNow();
        }
    }

    private void consume(Object result) {
        sink = result;
    }

    private static String percentiles(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT, "p50 %7.3f ms   p99 %7.3f ms   max %8.3f ms", at(sorted, 0.50),
                at(sorted, 0.99), sorted[sorted.length - 1] / 1e6);
    }

    private static double at(long[] sorted, double quantile) {
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    private static NamespaceObjects snapshot(ClusterCache cache) {
        return cache.workloadsOf("local", NAMESPACE).orElseThrow();
    }

    private void say(String format, Object... arguments) {
        String line = String.format(Locale.ROOT, format, arguments);
        System.out.println(line);
        report.append(line).append('\n');
    }

    // The environment: 40 Deployments, 5 StatefulSets and 5 CronJobs; 500 pods; two events per pod.
    // Most are healthy; a few show each kind of trouble, so that the rules that look further are run.

    private void populate() {
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName(NAMESPACE)
                .addToLabels("app.kubernetes.io/managed-by", "paved").endMetadata().build()).create();
        for (int index = 0; index < DEPLOYMENTS; index++) {
            deployment(String.format("svc-%02d", index), index);
        }
        for (int index = 0; index < STATEFUL_SETS; index++) {
            statefulSet("db-" + index);
        }
        for (int index = 0; index < CRON_JOBS; index++) {
            cronJob("job-" + index, index);
        }
    }

    private void deployment(String name, int index) {
        boolean rolling = index % 10 == 5;
        Deployment deployment = create(new DeploymentBuilder().withMetadata(meta(name, null))
                .withNewSpec().withReplicas(REPLICAS).withProgressDeadlineSeconds(600).withNewSelector()
                .addToMatchLabels("app", name).endSelector().withNewTemplate().withNewMetadata()
                .addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage(image(name)).endContainer()
                .endSpec().endTemplate().endSpec()
                .withNewStatus().withObservedGeneration(1L).withReplicas(REPLICAS)
                .withUpdatedReplicas(rolling ? 6 : REPLICAS).withReadyReplicas(REPLICAS)
                .withAvailableReplicas(REPLICAS).endStatus()
                .build());
        expected.add(WorkloadRef.deployment(name));
        ReplicaSet current = create(new ReplicaSetBuilder().withMetadata(meta(name + "-7d9f8c6b5", deployment))
                .withNewSpec().withReplicas(REPLICAS).endSpec().build());
        create(new ReplicaSetBuilder().withMetadata(meta(name + "-5c8d7f4b9", deployment))
                .withNewSpec().withReplicas(0).endSpec().build());
        for (int replica = 0; replica < REPLICAS; replica++) {
            ContainerStatus app = running(true);
            if (index % 10 == 0 && replica < 3) {
                app = waiting("CrashLoopBackOff", "back-off 5m0s restarting failed container=app");
            } else if (index % 10 == 3 && replica < 2) {
                app = waiting("ImagePullBackOff", "Back-off pulling image \"" + image(name) + "\"");
            } else if (index % 10 == 7 && replica == 0) {
                app = new ContainerStatusBuilder(running(true)).withRestartCount(1).withNewLastState()
                        .withNewTerminated().withReason("OOMKilled").withExitCode(137)
                        .withFinishedAt(Instant.now().minusSeconds(120).toString()).endTerminated().endLastState()
                        .build();
            } else if (index % 10 == 9 && replica == 0) {
                app = running(false);
            }
            pod(name + "-7d9f8c6b5-" + suffix(replica), current, app);
        }
    }

    private void statefulSet(String name) {
        StatefulSet statefulSet = create(new StatefulSetBuilder().withMetadata(meta(name, null))
                .withNewSpec().withReplicas(REPLICAS).withServiceName(name).withNewSelector()
                .addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata().withNewSpec()
                .addNewContainer().withName("app").withImage(image(name)).endContainer().endSpec().endTemplate()
                .endSpec()
                .withNewStatus().withObservedGeneration(1L).withReplicas(REPLICAS).withReadyReplicas(REPLICAS)
                .withCurrentReplicas(REPLICAS).withUpdatedReplicas(REPLICAS).withCurrentRevision(name + "-6b7c8d9f5")
                .withUpdateRevision(name + "-6b7c8d9f5").endStatus()
                .build());
        expected.add(WorkloadRef.statefulSet(name));
        for (int ordinal = 0; ordinal < REPLICAS; ordinal++) {
            pod(name + "-" + ordinal, statefulSet, running(true));
        }
    }

    private void cronJob(String name, int index) {
        CronJob cronJob = create(new CronJobBuilder().withMetadata(meta(name, null))
                .withNewSpec().withSchedule("*/10 * * * *").withNewJobTemplate().withNewSpec().withNewTemplate()
                .withNewSpec().withRestartPolicy("Never").addNewContainer().withName("app").withImage(image(name))
                .endContainer().endSpec().endTemplate().endSpec().endJobTemplate().endSpec()
                .build());
        expected.add(WorkloadRef.cronJob(name));
        for (int run = 0; run < JOBS_PER_CRON_JOB; run++) {
            boolean lastFailed = index == 0 && run == JOBS_PER_CRON_JOB - 1;
            Job job = create(new JobBuilder().withMetadata(meta(name + "-2901234" + run, cronJob))
                    .withNewSpec().withNewTemplate().withNewSpec().withRestartPolicy("Never").addNewContainer()
                    .withName("app").withImage(image(name)).endContainer().endSpec().endTemplate().endSpec()
                    .withNewStatus().addToConditions(new JobConditionBuilder()
                            .withType(lastFailed ? "Failed" : "Complete").withStatus("True")
                            .withReason(lastFailed ? "BackoffLimitExceeded" : null).build())
                    .endStatus().build());
            for (int attempt = 0; attempt < PODS_PER_JOB; attempt++) {
                ContainerStatus app = new ContainerStatusBuilder().withName("app").withImage(image(name))
                        .withReady(false).withRestartCount(0).withNewState().withNewTerminated()
                        .withReason(lastFailed ? "Error" : "Completed").withExitCode(lastFailed ? 1 : 0)
                        .withFinishedAt(start.toString()).endTerminated().endState().build();
                pod(job.getMetadata().getName() + "-" + suffix(attempt), job, app);
            }
        }
    }

    private void pod(String name, HasMetadata owner, ContainerStatus app) {
        boolean ready = Boolean.TRUE.equals(app.getReady());
        boolean finished = app.getState().getTerminated() != null;
        create(new PodBuilder().withMetadata(meta(name, owner))
                .withNewSpec().withNodeName("node-" + (pods % 7)).addNewContainer().withName("app")
                .withImage(app.getImage()).endContainer().endSpec()
                .withNewStatus().withPhase(finished ? "Succeeded" : "Running").withStartTime(start.toString())
                .withConditions(new PodConditionBuilder().withType("PodScheduled").withStatus("True").build(),
                        new PodConditionBuilder().withType("Ready").withStatus(ready ? "True" : "False")
                                .withLastTransitionTime(start.minus(Duration.ofMinutes(30)).toString()).build())
                .withContainerStatuses(app).endStatus()
                .build());
        pods++;
        event(name, "Normal", "Pulled", "Container image \"" + app.getImage() + "\" already present on machine");
        event(name, "Warning", ready || finished ? "FailedMount" : "Unhealthy", ready || finished
                ? "MountVolume.SetUp failed for volume \"config\": configmap \"settings\" not found"
                : "Readiness probe failed: HTTP probe failed with statuscode: 503");
    }

    private void event(String pod, String type, String reason, String message) {
        create(new EventBuilder().withMetadata(meta(pod + "." + reason.toLowerCase(Locale.ROOT), null))
                .withType(type).withReason(reason).withMessage(message).withCount(1)
                .withFirstTimestamp(start.toString()).withLastTimestamp(start.toString())
                .withNewInvolvedObject().withKind("Pod").withName(pod).withNamespace(NAMESPACE).endInvolvedObject()
                .build());
        events++;
    }

    private <T extends HasMetadata> T create(T object) {
        return client.resource(object).inNamespace(NAMESPACE).create();
    }

    private static ObjectMeta meta(String name, HasMetadata owner) {
        ObjectMetaBuilder meta = new ObjectMetaBuilder().withName(name).withNamespace(NAMESPACE);
        if (owner != null) {
            meta.addToOwnerReferences(new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion())
                    .withKind(owner.getKind()).withName(owner.getMetadata().getName())
                    .withUid(owner.getMetadata().getUid()).withController(true).build());
        }
        return meta.build();
    }

    private ContainerStatus running(boolean ready) {
        return new ContainerStatusBuilder().withName("app").withImage("registry.example.com/shop/app:1.0.0")
                .withReady(ready).withStarted(true).withRestartCount(0)
                .withNewState().withNewRunning().withStartedAt(start.minus(Duration.ofHours(2)).toString()).endRunning()
                .endState().build();
    }

    private static ContainerStatus waiting(String reason, String message) {
        return new ContainerStatusBuilder().withName("app").withImage("registry.example.com/shop/app:1.0.0")
                .withReady(false).withStarted(false).withRestartCount(5)
                .withNewState().withNewWaiting().withReason(reason).withMessage(message).endWaiting().endState()
                .build();
    }

    private static String image(String workload) {
        return "registry.example.com/shop/" + workload + ":1.0.0";
    }

    private static String suffix(int index) {
        String letters = "bcdfghjklmnpqrstvwxz2456789";
        StringBuilder suffix = new StringBuilder();
        int rest = index + 1_000;
        for (int letter = 0; letter < 5; letter++) {
            suffix.append(letters.charAt(rest % letters.length()));
            rest /= letters.length();
        }
        return suffix.toString();
    }
}
