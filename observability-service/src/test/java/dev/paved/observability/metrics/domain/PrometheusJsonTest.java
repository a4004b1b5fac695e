package dev.paved.observability.metrics.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PrometheusJsonTest {

    private static final Instant AT = Instant.ofEpochSecond(1_700_000_000, 500_000_000);

    @Test
    void writesVectorsMatricesScalarsAndStringsAsPrometheusDoes() {
        QueryResult.Point point = new QueryResult.Point(AT, "1.5");
        assertEquals("{\"resultType\":\"vector\",\"result\":[{\"metric\":{\"pod\":\"web-1\"},\"value\":[1700000000.5,\"1.5\"]}]}",
                PrometheusJson.data(new QueryResult.Vector(List.of(new QueryResult.Sample(Map.of("pod", "web-1"),
                        point, null)), List.of(), List.of())).toString());
        assertEquals("{\"resultType\":\"matrix\",\"result\":[{\"metric\":{},\"values\":[[1700000000.5,\"1.5\"],[1700000000.5,\"NaN\"]]}]}",
                PrometheusJson.data(new QueryResult.Matrix(List.of(new QueryResult.Series(Map.of(),
                        List.of(point, new QueryResult.Point(AT, "NaN")), List.of())), List.of(), List.of()))
                        .toString());
        assertEquals("{\"resultType\":\"scalar\",\"result\":[1700000000.5,\"1.5\"]}",
                PrometheusJson.data(new QueryResult.Scalar(point, List.of(), List.of())).toString());
        assertEquals("{\"resultType\":\"string\",\"result\":[1700000000.5,\"1.5\"]}",
                PrometheusJson.data(new QueryResult.Text(point, List.of(), List.of())).toString());
    }

    @Test
    void writesNativeHistogramsWithTheirBuckets() {
        QueryResult.HistogramPoint histogram = new QueryResult.HistogramPoint(Instant.ofEpochSecond(10), "3", "4.5",
                List.of(new QueryResult.Bucket(0, "0", "1", "3")));
        assertEquals("{\"resultType\":\"vector\",\"result\":[{\"metric\":{},\"histogram\":[10,{\"count\":\"3\",\"sum\":\"4.5\",\"buckets\":[[0,\"0\",\"1\",\"3\"]]}]}]}",
                PrometheusJson.data(new QueryResult.Vector(List.of(new QueryResult.Sample(Map.of(), null, histogram)),
                        List.of(), List.of())).toString());
    }
}
