package dev.paved.observability.metrics.prometheus;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The known series of the tests against a real Prometheus: team shop's namespaces
 * {@code shop-dev} and {@code shop-prod}, team billing's {@code billing-dev}, and a node series
 * with no namespace. Samples every 15 s for 30 minutes from {@link #START}; counters grow by a
 * whole number per sample, so every value is exact.
 */
public final class TwoTeamsSeries {

    public static final Instant START = Instant.parse("2026-01-05T10:00:00Z");
    public static final Instant END = START.plusSeconds(30 * 60);
    public static final Set<String> SHOP = Set.of("shop-dev", "shop-prod");
    public static final String BILLING = "billing-dev";

    private static final int STEP_SECONDS = 15;

    /** name, labels, value at START, growth per sample. */
    private record Line(String name, String labels, long value, long growth) {
    }

    private static final List<Line> LINES = List.of(
            new Line("http_requests_total", "namespace=\"shop-dev\",pod=\"web-1\",code=\"200\"", 0, 15),
            new Line("http_requests_total", "namespace=\"shop-dev\",pod=\"web-1\",code=\"500\"", 0, 3),
            new Line("http_requests_total", "namespace=\"shop-prod\",pod=\"web-1\",code=\"200\"", 0, 30),
            new Line("http_requests_total", "namespace=\"billing-dev\",pod=\"api-1\",code=\"200\"", 0, 105),
            new Line("http_requests_total", "namespace=\"billing-dev\",pod=\"api-1\",code=\"500\"", 0, 21),
            new Line("container_memory_working_set_bytes", "namespace=\"shop-dev\",pod=\"web-1\",container=\"app\"", 100_000_000, 0),
            new Line("container_memory_working_set_bytes", "namespace=\"shop-prod\",pod=\"web-1\",container=\"app\"", 200_000_000, 0),
            new Line("container_memory_working_set_bytes", "namespace=\"billing-dev\",pod=\"api-1\",container=\"app\"", 777_000_000, 0),
            new Line("kube_pod_info", "namespace=\"shop-dev\",pod=\"web-1\",node=\"node-a\"", 1, 0),
            new Line("kube_pod_info", "namespace=\"shop-prod\",pod=\"web-1\",node=\"node-b\"", 1, 0),
            new Line("kube_pod_info", "namespace=\"billing-dev\",pod=\"api-1\",node=\"node-c\"", 1, 0),
            new Line("billing_secret_total", "namespace=\"billing-dev\",pod=\"api-1\"", 424_242, 0),
            new Line("node_load1", "instance=\"node-c\"", 3, 0));

    private TwoTeamsSeries() {
    }

    /** Every series. */
    public static String all() {
        return openMetrics(line -> true);
    }

    /** Only the series in shop's namespaces: the world as it would be without the other teams. */
    public static String shopOnly() {
        return openMetrics(line -> SHOP.stream().anyMatch(namespace -> line.labels().contains("namespace=\"" + namespace + "\"")));
    }

    private static String openMetrics(Predicate<Line> included) {
        var text = new StringBuilder();
        for (Line line : LINES.stream().filter(included).toList()) {
            for (int sample = 0; sample <= 30 * 60 / STEP_SECONDS; sample++) {
                text.append(line.name()).append('{').append(line.labels()).append("} ")
                        .append(line.value() + line.growth() * sample).append(' ')
                        .append(START.getEpochSecond() + (long) sample * STEP_SECONDS).append('\n');
            }
        }
        return text.append("# EOF\n").toString();
    }
}
