package dev.paved.observability.metrics.prometheus;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.observability.config.MetricsConfig;
import dev.paved.observability.metrics.domain.QueryResult;
import dev.paved.observability.metrics.domain.QueryResult.Bucket;
import dev.paved.observability.metrics.domain.QueryResult.HistogramPoint;
import dev.paved.observability.metrics.domain.QueryResult.Point;
import dev.paved.observability.metrics.domain.QueryResult.Sample;
import dev.paved.observability.metrics.domain.QueryResult.Series;
import dev.paved.observability.metrics.domain.ScopedQueries;
import dev.paved.observability.metrics.domain.promql.PromQl;

/**
 * The Prometheus HTTP API ({@code /api/v1/query}, {@code query_range}, {@code series},
 * {@code labels}, {@code label/<name>/values}), with answers as typed results and Prometheus's
 * errors as problems. It sends what it is given: queries and selectors must already be scoped
 * ({@link ScopedQueries}). One HTTP client, so its connections are kept and reused; calls block
 * the calling thread until Prometheus answers or the query timeout (plus a margin) passes.
 */
@ApplicationScoped
public class PrometheusClient {

    public static final String PROMETHEUS_NOT_CONFIGURED = "PROMETHEUS_NOT_CONFIGURED";
    public static final String PROMETHEUS_UNAVAILABLE = "PROMETHEUS_UNAVAILABLE";
    public static final String PROMETHEUS_TIMEOUT = "PROMETHEUS_TIMEOUT";
    public static final String PROMETHEUS_BAD_RESPONSE = "PROMETHEUS_BAD_RESPONSE";
    public static final String PROMQL_EXECUTION_FAILED = "PROMQL_EXECUTION_FAILED";

    private static final Logger LOG = Logger.getLogger(PrometheusClient.class);
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    /** Time for Prometheus to report its own timeout before the HTTP call gives up. */
    private static final Duration RESPONSE_MARGIN = Duration.ofSeconds(1);

    private final String apiBase;
    private final Duration queryTimeout;
    private final HttpClient http;
    private final ObjectMapper json;

    public PrometheusClient(MetricsConfig config, ObjectMapper json) {
        this.apiBase = config.prometheusUrl()
                .map(url -> url.toString().replaceAll("/+$", "") + "/api/v1/")
                .orElse(null);
        this.queryTimeout = config.queryTimeout();
        this.json = json;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Refuses with {@code PROMETHEUS_NOT_CONFIGURED} (503) when no Prometheus URL is configured. */
    public void requireConfigured() {
        apiBase();
    }

    /** An instant query at {@code time}, or at Prometheus's now when it is null. */
    public QueryResult query(String promql, Instant time) {
        var form = new Form().add("query", promql).add("timeout", timeoutParameter());
        if (time != null) {
            form.add("time", seconds(time));
        }
        return result(post("query", form));
    }

    public QueryResult queryRange(String promql, Instant start, Instant end, Duration step) {
        var form = new Form().add("query", promql)
                .add("start", seconds(start))
                .add("end", seconds(end))
                .add("step", BigDecimal.valueOf(step.toMillis(), 3).toPlainString())
                .add("timeout", timeoutParameter());
        return result(post("query_range", form));
    }

    /** The label sets of the series the selectors match; {@code start} and {@code end} may be null. */
    public List<Map<String, String>> series(List<String> selectors, Instant start, Instant end) {
        JsonNode data = post("series", withRange(new Form().addAll("match[]", selectors), start, end)).path("data");
        var series = new ArrayList<Map<String, String>>(data.size());
        for (JsonNode labels : data) {
            series.add(labels(labels));
        }
        return series;
    }

    public List<String> labelNames(List<String> selectors, Instant start, Instant end) {
        return strings(post("labels", withRange(new Form().addAll("match[]", selectors), start, end)).path("data"));
    }

    /** Values of {@code label}, a valid label name, on the series the selectors match. */
    public List<String> labelValues(String label, List<String> selectors, Instant start, Instant end) {
        if (!LABEL_NAME.matcher(label).matches()) {
            // It becomes a path segment of the request.
            throw new IllegalArgumentException("not a label name: " + label);
        }
        var query = withRange(new Form().addAll("match[]", selectors), start, end);
        return strings(send(HttpRequest.newBuilder(URI.create(apiBase() + "label/" + label + "/values?" + query))
                .GET()).path("data"));
    }

    private static Form withRange(Form form, Instant start, Instant end) {
        if (start != null) {
            form.add("start", seconds(start));
        }
        if (end != null) {
            form.add("end", seconds(end));
        }
        return form;
    }

    private String timeoutParameter() {
        return PromQl.formatDuration(Math.max(1, queryTimeout.toMillis()));
    }

    private static String seconds(Instant time) {
        return BigDecimal.valueOf(time.toEpochMilli(), 3).toPlainString();
    }

    private JsonNode post(String endpoint, Form form) {
        return send(HttpRequest.newBuilder(URI.create(apiBase() + endpoint))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString())));
    }

    private String apiBase() {
        if (apiBase == null) {
            throw new ProblemException(503, PROMETHEUS_NOT_CONFIGURED,
                    "No Prometheus is configured for this platform (paved.observability.metrics.prometheus-url),"
                            + " so metrics cannot be queried.");
        }
        return apiBase;
    }

    private JsonNode send(HttpRequest.Builder request) {
        HttpResponse<InputStream> response;
        try {
            response = http.send(request.header("Accept", "application/json")
                    .timeout(queryTimeout.plus(RESPONSE_MARGIN))
                    .build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (HttpTimeoutException slow) {
            throw new ProblemException(504, PROMETHEUS_TIMEOUT, "Prometheus did not answer within "
                    + queryTimeout.plus(RESPONSE_MARGIN).toSeconds() + " s.");
        } catch (IOException unreachable) {
            LOG.warnf("Prometheus at %s cannot be reached: %s", apiBase, unreachable.toString());
            throw new ProblemException(503, PROMETHEUS_UNAVAILABLE, "Prometheus cannot be reached; try again later.");
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new ProblemException(503, PROMETHEUS_UNAVAILABLE, "The call to Prometheus was interrupted.");
        }
        JsonNode body;
        try (InputStream in = response.body()) {
            body = json.readTree(in);
        } catch (JsonProcessingException notJson) {
            throw badResponse("answered HTTP " + response.statusCode() + " with a body that is not JSON");
        } catch (IOException broken) {
            throw new ProblemException(503, PROMETHEUS_UNAVAILABLE, "The answer from Prometheus broke off; try again.");
        }
        String status = body == null ? "" : body.path("status").asText();
        if (status.equals("success")) {
            return body;
        }
        if (status.equals("error")) {
            throw error(body.path("errorType").asText(), body.path("error").asText());
        }
        throw badResponse("answered HTTP " + response.statusCode() + " without a status");
    }

    private static ProblemException error(String type, String message) {
        return switch (type) {
            case "bad_data" -> new ProblemException(400, ScopedQueries.PROMQL_INVALID,
                    "Prometheus refused the query: " + message, List.of(Violation.parameter("query", message)));
            case "execution" -> new ProblemException(422, PROMQL_EXECUTION_FAILED,
                    "Prometheus could not evaluate the query: " + message);
            case "timeout" -> new ProblemException(504, PROMETHEUS_TIMEOUT, "Prometheus gave up on the query: " + message);
            case "canceled", "unavailable" -> new ProblemException(503, PROMETHEUS_UNAVAILABLE,
                    "Prometheus cannot answer now; try again later.");
            default -> {
                LOG.warnf("Prometheus answered an error of type %s: %s", type, message);
                yield badResponse("answered an error of type " + type);
            }
        };
    }

    private static ProblemException badResponse(String what) {
        return new ProblemException(502, PROMETHEUS_BAD_RESPONSE, "Prometheus " + what + ".");
    }

    private static QueryResult result(JsonNode body) {
        JsonNode data = body.path("data");
        JsonNode result = data.path("result");
        List<String> warnings = strings(body.path("warnings"));
        List<String> infos = strings(body.path("infos"));
        return switch (data.path("resultType").asText()) {
            case "vector" -> {
                var samples = new ArrayList<Sample>(result.size());
                for (JsonNode sample : result) {
                    samples.add(new Sample(labels(sample.path("metric")),
                            sample.has("value") ? point(sample.get("value")) : null,
                            sample.has("histogram") ? histogram(sample.get("histogram")) : null));
                }
                yield new QueryResult.Vector(samples, warnings, infos);
            }
            case "matrix" -> {
                var series = new ArrayList<Series>(result.size());
                for (JsonNode one : result) {
                    var points = new ArrayList<Point>(one.path("values").size());
                    for (JsonNode point : one.path("values")) {
                        points.add(point(point));
                    }
                    var histograms = new ArrayList<HistogramPoint>();
                    for (JsonNode histogram : one.path("histograms")) {
                        histograms.add(histogram(histogram));
                    }
                    series.add(new Series(labels(one.path("metric")), points, histograms));
                }
                yield new QueryResult.Matrix(series, warnings, infos);
            }
            case "scalar" -> new QueryResult.Scalar(point(result), warnings, infos);
            case "string" -> new QueryResult.Text(point(result), warnings, infos);
            default -> throw badResponse("answered a result of unknown type");
        };
    }

    private static Point point(JsonNode pair) {
        return new Point(time(pair.path(0)), pair.path(1).asText());
    }

    private static HistogramPoint histogram(JsonNode pair) {
        JsonNode histogram = pair.path(1);
        var buckets = new ArrayList<Bucket>();
        for (JsonNode bucket : histogram.path("buckets")) {
            buckets.add(new Bucket(bucket.path(0).asInt(), bucket.path(1).asText(), bucket.path(2).asText(),
                    bucket.path(3).asText()));
        }
        return new HistogramPoint(time(pair.path(0)), histogram.path("count").asText(),
                histogram.path("sum").asText(), buckets);
    }

    private static Instant time(JsonNode seconds) {
        return Instant.ofEpochMilli(Math.round(seconds.asDouble() * 1000));
    }

    private static Map<String, String> labels(JsonNode metric) {
        var labels = new LinkedHashMap<String, String>();
        for (Map.Entry<String, JsonNode> label : metric.properties()) {
            labels.put(label.getKey(), label.getValue().asText());
        }
        return labels;
    }

    private static List<String> strings(JsonNode array) {
        var strings = new ArrayList<String>(array.size());
        for (JsonNode string : array) {
            strings.add(string.asText());
        }
        return strings;
    }

    /** An application/x-www-form-urlencoded body or query string. */
    private static final class Form {
        private final StringJoiner pairs = new StringJoiner("&");

        Form add(String name, String value) {
            pairs.add(URLEncoder.encode(name, StandardCharsets.UTF_8) + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
            return this;
        }

        Form addAll(String name, List<String> values) {
            values.forEach(value -> add(name, value));
            return this;
        }

        @Override
        public String toString() {
            return pairs.toString();
        }
    }
}
