package dev.paved.observability.metrics.domain;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What Prometheus answered to a query, by result type. Sample values are kept as Prometheus writes
 * them ({@code "1.5"}, {@code "NaN"}, {@code "+Inf"}), so no precision or special value is lost;
 * warnings and infos are Prometheus's annotations about the query.
 */
public sealed interface QueryResult {

    List<String> warnings();

    List<String> infos();

    /** {@code resultType: vector}: one sample per series at the query's time. */
    record Vector(List<Sample> samples, List<String> warnings, List<String> infos) implements QueryResult {
        public Vector {
            samples = List.copyOf(samples);
            warnings = List.copyOf(warnings);
            infos = List.copyOf(infos);
        }
    }

    /** {@code resultType: matrix}: points over time per series. */
    record Matrix(List<Series> series, List<String> warnings, List<String> infos) implements QueryResult {
        public Matrix {
            series = List.copyOf(series);
            warnings = List.copyOf(warnings);
            infos = List.copyOf(infos);
        }
    }

    /** {@code resultType: scalar}. */
    record Scalar(Point point, List<String> warnings, List<String> infos) implements QueryResult {
        public Scalar {
            warnings = List.copyOf(warnings);
            infos = List.copyOf(infos);
        }
    }

    /** {@code resultType: string}: a string literal evaluated at the query's time. */
    record Text(Point point, List<String> warnings, List<String> infos) implements QueryResult {
        public Text {
            warnings = List.copyOf(warnings);
            infos = List.copyOf(infos);
        }
    }

    /** A value at a time. */
    record Point(Instant time, String value) {
    }

    /** A native histogram at a time; counts and bounds as Prometheus writes them. */
    record HistogramPoint(Instant time, String count, String sum, List<Bucket> buckets) {
        public HistogramPoint {
            buckets = List.copyOf(buckets);
        }
    }

    /**
     * A native histogram bucket; {@code boundaryRule} says which bounds are inclusive (0: open
     * left, 1: open right, 2: open both, 3: closed both), as in Prometheus's API.
     */
    record Bucket(int boundaryRule, String lower, String upper, String count) {
    }

    /** A series' sample in a vector: a float point or a histogram point. */
    record Sample(Map<String, String> labels, Point point, HistogramPoint histogram) {
        public Sample {
            labels = Map.copyOf(labels);
        }
    }

    /** A series in a matrix: its float points and its histogram points. */
    record Series(Map<String, String> labels, List<Point> points, List<HistogramPoint> histograms) {
        public Series {
            labels = Map.copyOf(labels);
            points = List.copyOf(points);
            histograms = List.copyOf(histograms);
        }
    }
}
