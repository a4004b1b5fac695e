package dev.paved.local.simulator;

import java.time.Instant;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.paved.local.ApiRoutes;
import dev.paved.local.ApiStatus;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

/**
 * The paths a real cluster serves through its kubelets and metrics-server, answered from the
 * simulation: pod logs, {@code metrics.k8s.io/v1beta1} and, at {@code /metrics}, the Prometheus
 * exposition of the containers' usage.
 */
final class SimulatorRoutes implements ApiRoutes, AutoCloseable {

    static final String PROMETHEUS_PATH = "/metrics";
    private static final Pattern LOG = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/log");
    private static final Pattern POD_METRICS = Pattern.compile(
            "/apis/metrics\\.k8s\\.io/v1beta1(?:/namespaces/([^/]+))?/pods(?:/([^/]+))?/?");
    private static final Pattern NODE_METRICS = Pattern.compile("/apis/metrics\\.k8s\\.io/v1beta1/nodes(?:/([^/]+))?/?");
    private static final Pattern METRICS_GROUP = Pattern.compile("/apis/metrics\\.k8s\\.io(/v1beta1)?/?");
    private static final String JSON = "application/json";

    private final StoredPods pods;
    private final SimulatorConfig config;
    private final PodLogs logs;
    private final ResourceMetrics metrics;

    SimulatorRoutes(StoredPods pods, SimulatorConfig config) {
        this.pods = pods;
        this.config = config;
        this.logs = new PodLogs(pods, config);
        this.metrics = new ResourceMetrics(pods, config);
    }

    @Override
    public boolean handle(HttpServerRequest request) {
        String path = request.path();
        Matcher log = LOG.matcher(path);
        Matcher pods = POD_METRICS.matcher(path);
        Matcher nodes = NODE_METRICS.matcher(path);
        Matcher group = METRICS_GROUP.matcher(path);
        boolean ours = log.matches() || pods.matches() || nodes.matches() || group.matches()
                || path.equals(PROMETHEUS_PATH);
        if (!ours) {
            return false;
        }
        HttpServerResponse response = request.response();
        if (request.method() != HttpMethod.GET) {
            fail(response, 405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
            return true;
        }
        // Off the event loop: an answer reads the stored pods and may write thousands of lines.
        Vertx vertx = Vertx.currentContext().owner();
        vertx.executeBlocking(() -> {
            answer(request, vertx, path, log, pods, nodes, group);
            return null;
        }, false).onFailure(failure -> fail(response, 500, "InternalError", String.valueOf(failure.getMessage())));
        return true;
    }

    private void answer(HttpServerRequest request, Vertx vertx, String path, Matcher log, Matcher pods,
            Matcher nodes, Matcher group) {
        HttpServerResponse response = request.response();
        if (log.matches()) {
            logs.serve(request, vertx, log.group(1), log.group(2));
            return;
        }
        if (path.equals(PROMETHEUS_PATH)) {
            response.putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(metrics.prometheus(config.clock().instant()));
            return;
        }
        LabelSelector selector;
        try {
            selector = LabelSelector.parse(request.getParam("labelSelector"));
        } catch (IllegalArgumentException e) {
            fail(response, 400, "BadRequest", e.getMessage());
            return;
        }
        if (pods.matches()) {
            servePods(response, Optional.ofNullable(pods.group(1)), Optional.ofNullable(pods.group(2)), selector);
        } else if (nodes.matches()) {
            serveNodes(response, Optional.ofNullable(nodes.group(1)), selector);
        } else {
            response.putHeader("Content-Type", JSON).end(group.group(1) == null ? apiGroup() : apiResources());
        }
    }

    private void servePods(HttpServerResponse response, Optional<String> namespace, Optional<String> name,
            LabelSelector selector) {
        Instant now = config.clock().instant();
        if (name.isEmpty()) {
            response.putHeader("Content-Type", JSON).end(metrics.podMetricsList(namespace, selector, now).toString());
            return;
        }
        Optional<String> found = namespace.flatMap(ns -> pods.pod(ns, name.get()))
                .flatMap(pod -> metrics.podMetrics(pod, now)).map(Object::toString);
        if (found.isEmpty()) {
            fail(response, 404, "NotFound", "podmetrics.metrics.k8s.io \"" + name.get() + "\" not found");
        } else {
            response.putHeader("Content-Type", JSON).end(found.get());
        }
    }

    private void serveNodes(HttpServerResponse response, Optional<String> name, LabelSelector selector) {
        Instant now = config.clock().instant();
        if (name.isEmpty()) {
            response.putHeader("Content-Type", JSON).end(metrics.nodeMetricsList(selector, now).toString());
            return;
        }
        Optional<String> found = pods.node(name.get()).map(node -> metrics.nodeMetrics(node, now).toString());
        if (found.isEmpty()) {
            fail(response, 404, "NotFound", "nodemetrics.metrics.k8s.io \"" + name.get() + "\" not found");
        } else {
            response.putHeader("Content-Type", JSON).end(found.get());
        }
    }

    private static String apiGroup() {
        return """
                {"kind":"APIGroup","apiVersion":"v1","name":"metrics.k8s.io","versions":[{"groupVersion":\
                "metrics.k8s.io/v1beta1","version":"v1beta1"}],"preferredVersion":{"groupVersion":\
                "metrics.k8s.io/v1beta1","version":"v1beta1"}}""";
    }

    private static String apiResources() {
        return """
                {"kind":"APIResourceList","apiVersion":"v1","groupVersion":"metrics.k8s.io/v1beta1","resources":[\
                {"name":"nodes","singularName":"","namespaced":false,"kind":"NodeMetrics","verbs":["get","list"]},\
                {"name":"pods","singularName":"","namespaced":true,"kind":"PodMetrics","verbs":["get","list"]}]}""";
    }

    private static void fail(HttpServerResponse response, int code, String reason, String message) {
        response.setStatusCode(code).putHeader("Content-Type", JSON).end(ApiStatus.failure(code, reason, message));
    }

    @Override
    public void close() {
        logs.close();
    }
}
