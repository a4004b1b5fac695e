package dev.paved.observability.metrics.domain;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A query result as Prometheus's HTTP API writes its {@code data}: {@code resultType} and
 * {@code result}, times in Unix seconds with their fraction, values as strings, so that clients of
 * Prometheus (Grafana, promtool) read Paved's answers unchanged.
 */
public final class PrometheusJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private PrometheusJson() {
    }

    public static ObjectNode data(QueryResult result) {
        ObjectNode data = JSON.objectNode();
        if (result instanceof QueryResult.Vector vector) {
            data.put("resultType", "vector");
            ArrayNode samples = data.putArray("result");
            for (QueryResult.Sample sample : vector.samples()) {
                ObjectNode item = samples.addObject();
                item.set("metric", labels(sample.labels()));
                if (sample.histogram() != null) {
                    item.set("histogram", histogram(sample.histogram()));
                } else {
                    item.set("value", point(sample.point()));
                }
            }
        } else if (result instanceof QueryResult.Matrix matrix) {
            data.put("resultType", "matrix");
            ArrayNode series = data.putArray("result");
            for (QueryResult.Series one : matrix.series()) {
                ObjectNode item = series.addObject();
                item.set("metric", labels(one.labels()));
                if (!one.points().isEmpty()) {
                    ArrayNode values = item.putArray("values");
                    one.points().forEach(point -> values.add(point(point)));
                }
                if (!one.histograms().isEmpty()) {
                    ArrayNode histograms = item.putArray("histograms");
                    one.histograms().forEach(histogram -> histograms.add(histogram(histogram)));
                }
            }
        } else if (result instanceof QueryResult.Scalar scalar) {
            data.put("resultType", "scalar");
            data.set("result", point(scalar.point()));
        } else if (result instanceof QueryResult.Text text) {
            data.put("resultType", "string");
            data.set("result", point(text.point()));
        }
        return data;
    }

    private static ObjectNode labels(Map<String, String> labels) {
        ObjectNode metric = JSON.objectNode();
        labels.forEach(metric::put);
        return metric;
    }

    private static ArrayNode point(QueryResult.Point point) {
        return seconds(JSON.arrayNode(), point.time()).add(point.value());
    }

    private static ArrayNode histogram(QueryResult.HistogramPoint point) {
        ObjectNode histogram = JSON.objectNode().put("count", point.count()).put("sum", point.sum());
        ArrayNode buckets = histogram.putArray("buckets");
        point.buckets().forEach(bucket -> buckets.add(JSON.arrayNode().add(bucket.boundaryRule())
                .add(bucket.lower()).add(bucket.upper()).add(bucket.count())));
        return seconds(JSON.arrayNode(), point.time()).add(histogram);
    }

    /** Unix seconds, with the fraction Prometheus's float64 keeps when there is one. */
    private static ArrayNode seconds(ArrayNode array, Instant time) {
        return time.getNano() == 0 ? array.add(time.getEpochSecond())
                : array.add(BigDecimal.valueOf(time.getEpochSecond()).add(BigDecimal.valueOf(time.getNano(), 9))
                        .stripTrailingZeros());
    }
}
