package dev.paved.local.simulator;

import static dev.paved.local.simulator.SimulatedCluster.await;
import static dev.paved.local.simulator.SimulatedCluster.pavedDeployment;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.LogWatch;
import io.fabric8.kubernetes.client.dsl.PodResource;

class PodLogsTest {

    private static final SimulatedCluster cluster = SimulatedCluster.shared();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aRunningContainersLogGrowsLineByLineAndReadsTheSameEachTime() {
        PodResource pod = runningPod("logs", "shop");
        String first = await("a few lines", pod::getLog, log -> lines(log).size() >= 5);

        String later = await("more lines", pod::getLog, log -> lines(log).size() > lines(first).size());

        assertTrue(later.startsWith(first), "the log only grows:\n" + first + "\n---\n" + later);
        assertEquals("INFO  Starting shop 1.0.0 (pid 1)", lines(first).get(0));
        assertEquals("INFO  Listening on http://0.0.0.0:8080", lines(first).get(2));
        assertTrue(lines(later).stream().skip(3).allMatch(line -> line.matches(
                "(INFO |WARN |ERROR) (GET|POST) /\\S+ \\d{3} \\d+ms.*")), later);
    }

    @Test
    void tailLinesAreTheLastLinesOfTheLog() {
        PodResource pod = runningPod("tail", "cart");
        await("enough lines", pod::getLog, log -> lines(log).size() >= 6);

        List<String> tail = lines(pod.tailingLines(3).getLog());
        List<String> whole = lines(pod.getLog());

        assertEquals(3, tail.size());
        int at = whole.indexOf(tail.get(0));
        assertEquals(tail, whole.subList(at, at + 3), "three consecutive lines of the whole log");
        assertEquals(lines(pod.getLog()).subList(0, 3), whole.subList(0, 3));
    }

    @Test
    void sinceSecondsLeavesOutOlderLinesAndTimestampsPrefixEachLine() throws InterruptedException {
        PodResource pod = runningPod("since", "search");
        Thread.sleep(1_300);

        Instant asked = Instant.now();
        List<String> recent = lines(pod.usingTimestamps().sinceSeconds(1).getLog());
        List<String> all = lines(pod.usingTimestamps().getLog());

        assertTrue(!recent.isEmpty() && recent.size() < all.size(), recent.size() + " of " + all.size());
        for (String line : recent) {
            Instant written = Instant.parse(line.substring(0, line.indexOf(' ')));
            assertTrue(!written.isBefore(asked.minusSeconds(2)), line);
        }
        assertTrue(all.get(0).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d{1,9})?Z INFO  Starting search .*"),
                all.get(0));
    }

    @Test
    void previousIsTheLogOfTheRunBeforeARestartEndingInTheErrorThatKilledIt() {
        String namespace = cluster.namespace("previous");
        cluster.apply(new DeploymentBuilder(pavedDeployment(namespace, "orders", 1).build()).editMetadata()
                .addToAnnotations("paved.dev/simulate", "crash-loop").endMetadata().build());
        Pod crashed = await("a restarted container", () -> cluster.pods(namespace), pods -> pods.size() == 1
                && pods.get(0).getStatus() != null && !pods.get(0).getStatus().getContainerStatuses().isEmpty()
                && pods.get(0).getStatus().getContainerStatuses().get(0).getRestartCount() >= 1).get(0);
        PodResource pod = cluster.client.pods().inNamespace(namespace).withName(crashed.getMetadata().getName());

        List<String> previous = lines(pod.terminated().getLog());

        assertEquals("INFO  Starting orders 1.0.0 (pid 1)", previous.get(0));
        assertEquals("ERROR Exiting with status 1", previous.get(previous.size() - 1));
        assertTrue(previous.get(previous.size() - 2).startsWith("ERROR Unhandled exception: "));
    }

    @Test
    void previousOfAContainerNeverRestartedIsABadRequest() {
        PodResource pod = runningPod("no-previous", "mail");

        KubernetesClientException refused = assertThrows(KubernetesClientException.class,
                () -> pod.terminated().getLog());

        assertEquals(400, refused.getCode());
        assertTrue(refused.getMessage().contains("previous terminated container \"web\" in pod \""), refused.getMessage());
    }

    @Test
    void followStreamsNewLinesAsTheyAreWrittenAndEndsWhenThePodGoesAway() throws Exception {
        PodResource pod = runningPod("follow", "feed");
        ByteArrayOutputStream received = new ByteArrayOutputStream();

        try (LogWatch watch = pod.watchLog(received)) {
            int atFirst = await("the first lines", () -> lines(received.toString()).size(), count -> count >= 3);
            await("lines written since", () -> lines(received.toString()).size(), count -> count >= atFirst + 3);

            pod.delete();

            watch.onClose().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
        assertTrue(lines(received.toString()).get(0).startsWith("INFO  Starting feed"), received.toString());
    }

    @Test
    void aPodOfSeveralContainersNeedsTheContainerNamed() throws Exception {
        String namespace = cluster.namespace("sidecar");
        cluster.apply(new DeploymentBuilder(pavedDeployment(namespace, "proxy", 1).build()).editSpec().editTemplate()
                .editSpec().addToContainers(new ContainerBuilder().withName("envoy").withImage("envoyproxy/envoy:v1.31.0")
                        .build()).endSpec().endTemplate().endSpec().build());
        String name = await("two running containers", () -> cluster.pods(namespace), pods -> pods.size() == 1
                && Pods.ready(pods.get(0))).get(0).getMetadata().getName();

        HttpResponse<String> unnamed = get("/api/v1/namespaces/" + namespace + "/pods/" + name + "/log");
        HttpResponse<String> unknown = get("/api/v1/namespaces/" + namespace + "/pods/" + name + "/log?container=db");
        HttpResponse<String> named = get("/api/v1/namespaces/" + namespace + "/pods/" + name + "/log?container=envoy");

        assertEquals(400, unnamed.statusCode());
        assertTrue(unnamed.body().contains("a container name must be specified for pod " + name
                + ", choose one of: [web envoy]"), unnamed.body());
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.body().contains("container db is not valid for pod " + name), unknown.body());
        assertEquals(200, named.statusCode());
        assertTrue(named.body().startsWith("INFO  Starting proxy worker v1.31.0"), named.body());
    }

    @Test
    void badLogRequestsAreRefusedAsTheApiServerRefusesThem() throws Exception {
        PodResource pod = runningPod("bad-logs", "ledger");
        String path = "/api/v1/namespaces/" + pod.get().getMetadata().getNamespace() + "/pods/"
                + pod.get().getMetadata().getName() + "/log";

        HttpResponse<String> negativeTail = get(path + "?tailLines=-1");
        HttpResponse<String> notANumber = get(path + "?sinceSeconds=soon");
        HttpResponse<String> both = get(path + "?sinceSeconds=5&sinceTime=2026-01-01T00:00:00Z");
        HttpResponse<String> missing = get("/api/v1/namespaces/" + pod.get().getMetadata().getNamespace()
                + "/pods/nobody/log");
        HttpResponse<String> limited = get(path + "?limitBytes=10");

        assertEquals(422, negativeTail.statusCode());
        assertTrue(negativeTail.body().contains("tailLines: Invalid value: -1: must be greater than or equal to 0"));
        assertEquals(400, notANumber.statusCode());
        assertEquals(422, both.statusCode());
        assertEquals(404, missing.statusCode());
        assertTrue(missing.body().contains("pods \\\"nobody\\\" not found"), missing.body());
        assertEquals("INFO  Star", limited.body());
    }

    private static PodResource runningPod(String prefix, String name) {
        String namespace = cluster.namespace(prefix);
        cluster.apply(pavedDeployment(namespace, name, 1).build());
        String pod = await(name + " running", () -> cluster.pods(namespace),
                pods -> pods.size() == 1 && Pods.ready(pods.get(0))).get(0).getMetadata().getName();
        return cluster.client.pods().inNamespace(namespace).withName(pod);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(cluster.api.url() + path)).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> lines(String log) {
        return log.isEmpty() ? List.of() : List.of(log.split("\n"));
    }
}
