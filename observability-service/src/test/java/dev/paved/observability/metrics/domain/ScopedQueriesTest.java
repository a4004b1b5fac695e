package dev.paved.observability.metrics.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.observability.metrics.domain.promql.PromQl;
import dev.paved.observability.metrics.domain.promql.PromQlPrinter;
import dev.paved.observability.metrics.domain.promql.ValueType;

class ScopedQueriesTest {

    private static final Set<String> SHOP = Set.of("shop-prod", "shop-dev");
    private static final String NS = "namespace=~\"shop-dev|shop-prod\"";

    private final ScopedQueries scopedQueries = new ScopedQueries("namespace", 16_384);

    static Stream<Arguments> rewrites() {
        return Stream.of(
                // Selectors: the namespace matcher comes first, the selector's own matchers stay.
                Arguments.of("up", "up{" + NS + "}"),
                Arguments.of("http_requests_total{code=\"500\"}", "http_requests_total{" + NS + ", code=\"500\"}"),
                Arguments.of("{__name__=~\".+\"}", "{" + NS + ", __name__=~\".+\"}"),
                Arguments.of("{namespace=~\".*\", pod!=\"\"}", "{" + NS + ", namespace=~\".*\", pod!=\"\"}"),
                Arguments.of("x{namespace=\"billing-dev\"}", "x{" + NS + ", namespace=\"billing-dev\"}"),
                Arguments.of("x{namespace!=\"shop-dev\"}", "x{" + NS + ", namespace!=\"shop-dev\"}"),
                Arguments.of("x{namespace!~\"shop.*\"}", "x{" + NS + ", namespace!~\"shop.*\"}"),
                Arguments.of("{\"my.metric\", \"my.label\"=\"v\"}", "{__name__=\"my.metric\", " + NS + ", \"my.label\"=\"v\"}"),
                Arguments.of("sum", "{__name__=\"sum\", " + NS + "}"),
                Arguments.of("job:http_requests:rate5m", "job:http_requests:rate5m{" + NS + "}"),
                // Range selectors, offset and @.
                Arguments.of("rate(http_requests_total[5m])", "rate(http_requests_total{" + NS + "}[5m])"),
                Arguments.of("x[1h30m]", "x{" + NS + "}[1h30m]"),
                Arguments.of("x[90m]", "x{" + NS + "}[1h30m]"),
                Arguments.of("x[7d]", "x{" + NS + "}[1w]"),
                Arguments.of("x offset 5m", "x{" + NS + "} offset 5m"),
                Arguments.of("x offset -1h", "x{" + NS + "} offset -1h"),
                Arguments.of("x @ 1700000000", "x{" + NS + "} @ 1700000000"),
                Arguments.of("x @ 1700000000.5 offset 1m", "x{" + NS + "} @ 1700000000.5 offset 1m"),
                Arguments.of("x offset 1m @ end()", "x{" + NS + "} @ end() offset 1m"),
                Arguments.of("rate(x[5m] offset 1h)", "rate(x{" + NS + "}[5m] offset 1h)"),
                Arguments.of("rate(x[5m] @ start())", "rate(x{" + NS + "}[5m] @ start())"),
                // Subqueries.
                Arguments.of("max_over_time(rate(x[5m])[1h:1m])", "max_over_time(rate(x{" + NS + "}[5m])[1h:1m])"),
                Arguments.of("rate(x[5m])[30m:]", "rate(x{" + NS + "}[5m])[30m:]"),
                Arguments.of("(a + b)[10m:1m] offset 5m @ end()", "(a{" + NS + "} + b{" + NS + "})[10m:1m] @ end() offset 5m"),
                Arguments.of("min_over_time((x offset 1h)[1h:5m])", "min_over_time((x{" + NS + "} offset 1h)[1h:5m])"),
                Arguments.of("max_over_time(sum by (pod) (x)[1d:1h])", "max_over_time(sum by (pod) (x{" + NS + "})[1d:1h])"),
                // Aggregations, with the modifier before or after the arguments.
                Arguments.of("sum(x)", "sum(x{" + NS + "})"),
                Arguments.of("sum by (namespace) (x)", "sum by (namespace) (x{" + NS + "})"),
                Arguments.of("sum(rate(x[5m])) by (pod, code)", "sum by (pod, code) (rate(x{" + NS + "}[5m]))"),
                Arguments.of("count without (pod) (x)", "count without (pod) (x{" + NS + "})"),
                Arguments.of("count by (namespace) ({__name__=~\".+\"})", "count by (namespace) ({" + NS + ", __name__=~\".+\"})"),
                Arguments.of("sum by () (x)", "sum by () (x{" + NS + "})"),
                Arguments.of("topk(3, x)", "topk(3, x{" + NS + "})"),
                Arguments.of("bottomk by (pod) (2, x)", "bottomk by (pod) (2, x{" + NS + "})"),
                Arguments.of("quantile(0.9, x)", "quantile(0.9, x{" + NS + "})"),
                Arguments.of("count_values(\"namespace\", x)", "count_values(\"namespace\", x{" + NS + "})"),
                Arguments.of("topk(scalar(y), x)", "topk(scalar(y{" + NS + "}), x{" + NS + "})"),
                Arguments.of("SUM BY (pod) (x)", "sum by (pod) (x{" + NS + "})"),
                Arguments.of("sum by (on, offset, group_left) (x)", "sum by (on, offset, group_left) (x{" + NS + "})"),
                Arguments.of("sum by (\"my.label\") (x)", "sum by (\"my.label\") (x{" + NS + "})"),
                // Binary operators, set operators, matching.
                Arguments.of("a or b", "a{" + NS + "} or b{" + NS + "}"),
                Arguments.of("a unless b", "a{" + NS + "} unless b{" + NS + "}"),
                Arguments.of("a and on (pod) b", "a{" + NS + "} and on (pod) b{" + NS + "}"),
                Arguments.of("a * on (pod) group_left (node) b", "a{" + NS + "} * on (pod) group_left (node) b{" + NS + "}"),
                Arguments.of("a / ignoring (code) group_right b", "a{" + NS + "} / ignoring (code) group_right () b{" + NS + "}"),
                Arguments.of("a + on () b", "a{" + NS + "} + on () b{" + NS + "}"),
                Arguments.of("a > bool 5", "a{" + NS + "} > bool 5"),
                Arguments.of("a == bool on (pod) b", "a{" + NS + "} == bool on (pod) b{" + NS + "}"),
                Arguments.of("a atan2 b", "a{" + NS + "} atan2 b{" + NS + "}"),
                Arguments.of("sum(rate(a[5m])) / sum(rate(b[5m])) > bool 0.5 or vector(0)",
                        "sum(rate(a{" + NS + "}[5m])) / sum(rate(b{" + NS + "}[5m])) > bool 0.5 or vector(0)"),
                // Precedence survives without the input's parentheses.
                Arguments.of("(a + b) * c", "(a{" + NS + "} + b{" + NS + "}) * c{" + NS + "}"),
                Arguments.of("(a * b) + c", "a{" + NS + "} * b{" + NS + "} + c{" + NS + "}"),
                Arguments.of("a - (b - c)", "a{" + NS + "} - (b{" + NS + "} - c{" + NS + "})"),
                Arguments.of("2 ^ 3 ^ 2", "2 ^ 3 ^ 2"),
                Arguments.of("(2 ^ 3) ^ 2", "(2 ^ 3) ^ 2"),
                Arguments.of("-x ^ 2", "-x{" + NS + "} ^ 2"),
                Arguments.of("(-x) ^ 2", "(-x{" + NS + "}) ^ 2"),
                Arguments.of("-(a + b)", "-(a{" + NS + "} + b{" + NS + "})"),
                Arguments.of("a * -b", "a{" + NS + "} * -b{" + NS + "}"),
                Arguments.of("((x))", "x{" + NS + "}"),
                // Functions.
                Arguments.of("label_replace(x, \"namespace\", \"billing-dev\", \"\", \"\")",
                        "label_replace(x{" + NS + "}, \"namespace\", \"billing-dev\", \"\", \"\")"),
                Arguments.of("label_join(x, \"foo\", \",\", \"a\", \"b\")", "label_join(x{" + NS + "}, \"foo\", \",\", \"a\", \"b\")"),
                Arguments.of("absent(nonexistent{job=\"x\"})", "absent(nonexistent{" + NS + ", job=\"x\"})"),
                Arguments.of("absent_over_time(x{namespace=\"billing-dev\"}[5m])",
                        "absent_over_time(x{" + NS + ", namespace=\"billing-dev\"}[5m])"),
                Arguments.of("histogram_quantile(0.9, sum by (le) (rate(x_bucket[5m])))",
                        "histogram_quantile(0.9, sum by (le) (rate(x_bucket{" + NS + "}[5m])))"),
                Arguments.of("vector(1)", "vector(1)"),
                Arguments.of("time()", "time()"),
                Arguments.of("scalar(x) * 2", "scalar(x{" + NS + "}) * 2"),
                Arguments.of("round(x, 5)", "round(x{" + NS + "}, 5)"),
                Arguments.of("hour()", "hour()"),
                Arguments.of("sort_desc(sum by (namespace) (x))", "sort_desc(sum by (namespace) (x{" + NS + "}))"),
                Arguments.of("predict_linear(x[1h], 3600)", "predict_linear(x{" + NS + "}[1h], 3600)"),
                Arguments.of("quantile_over_time(0.5, x[10m])", "quantile_over_time(0.5, x{" + NS + "}[10m])"),
                Arguments.of("timestamp(x @ end())", "timestamp(x{" + NS + "} @ end())"),
                // Literals are written canonically.
                Arguments.of("0x1F + 010 + 1e3 + .5 + 1.", "31 + 8 + 1000 + 0.5 + 1"),
                Arguments.of("x > Inf or x < -inf or x != NaN", "x{" + NS + "} > Inf or x{" + NS + "} < -Inf or x{" + NS + "} != NaN"),
                Arguments.of("x{a='single', b=`raw\\d`}", "x{" + NS + ", a=\"single\", b=\"raw\\\\d\"}"),
                Arguments.of("x{a=\"q\\\"uote\\n\\u00e9\\x41\"}", "x{" + NS + ", a=\"q\\\"uote\\né" + "A\"}"),
                Arguments.of("\"a string\"", "\"a string\""),
                // Comments and line breaks go.
                Arguments.of("sum(  # the total\n  x\n)  # end", "sum(x{" + NS + "})"));
    }

    @ParameterizedTest
    @MethodSource("rewrites")
    void everySelectorGetsTheTeamsNamespaceMatcherBesideItsOwn(String query, String expected) {
        assertEquals(expected, scopedQueries.scope(query, SHOP).promql());
    }

    @ParameterizedTest
    @MethodSource("rewrites")
    void theRewrittenQueryReadsBackAsItself(String query, String expected) {
        String scoped = scopedQueries.scope(query, SHOP).promql();
        assertEquals(scoped, PromQlPrinter.print(PromQl.parse(scoped)));
    }

    @Test
    void namespacesAreRegexLiteralsInAStableOrder() {
        assertEquals("x{namespace=~\"a\\\\+b|b\\\\.c|x\\\\|y\"}",
                scopedQueries.scope("x", Set.of("b.c", "a+b", "x|y")).promql());
    }

    @Test
    void theNamespaceLabelIsConfigurable() {
        assertEquals("x{kubernetes_namespace=~\"shop-dev\"}",
                new ScopedQueries("kubernetes_namespace", 100).scope("x", Set.of("shop-dev")).promql());
    }

    @Test
    void theScopedQueryKnowsItsType() {
        assertEquals(ValueType.INSTANT_VECTOR, scopedQueries.scope("rate(x[5m])", SHOP).type());
        assertEquals(ValueType.RANGE_VECTOR, scopedQueries.scope("x[5m]", SHOP).type());
        assertEquals(ValueType.SCALAR, scopedQueries.scope("scalar(x)", SHOP).type());
        assertEquals(ValueType.STRING, scopedQueries.scope("\"s\"", SHOP).type());
    }

    @Test
    void infoIsNotAllowedBecauseItReadsSeriesNoSelectorNames() {
        var problem = assertThrows(ProblemException.class,
                () -> scopedQueries.scope("sum(info(rate(x[5m]), {k8s_cluster_name=~\".+\"}))", SHOP));
        assertEquals(400, problem.status());
        assertEquals("PROMQL_NOT_ALLOWED", problem.code());
        assertEquals(List.of(Violation.parameter("query", "info() is not allowed")), problem.errors());
    }

    @Test
    void invalidPromQlIsABadRequestWithTheParsersMessageAndPosition() {
        var problem = assertThrows(ProblemException.class, () -> scopedQueries.scope("sum(rate(x[5m])", SHOP));
        assertEquals(400, problem.status());
        assertEquals("PROMQL_INVALID", problem.code());
        assertEquals(List.of(Violation.parameter("query", "1:16: unexpected end of input, expected \",\" or \")\"")),
                problem.errors());
    }

    @Test
    void aBlankOrOverlongQueryIsABadRequest() {
        assertEquals(List.of(Violation.parameter("query", "a PromQL expression is required")),
                assertThrows(ProblemException.class, () -> scopedQueries.scope("  ", SHOP)).errors());
        assertEquals(List.of(Violation.parameter("query", "the query is longer than 16384 characters")),
                assertThrows(ProblemException.class, () -> scopedQueries.scope("x + ".repeat(5000) + "x", SHOP))
                        .errors());
    }

    @Test
    void aQueryTooDeepForTheThreadsStackIsABadRequestNotACrash() throws InterruptedException {
        String chain = "x" + " + x".repeat(4000);
        var outcome = new AtomicReference<Throwable>();
        Thread smallStack = new Thread(null, () -> {
            try {
                scopedQueries.scope(chain, SHOP);
            } catch (Throwable thrown) {
                outcome.set(thrown);
            }
        }, "small-stack", 128 * 1024);
        smallStack.start();
        smallStack.join();
        var problem = assertInstanceOf(ProblemException.class, outcome.get());
        assertEquals(400, problem.status());
        assertTrue(problem.errors().get(0).message().endsWith("the query is nested too deeply"), problem.getMessage());
        String realistic = "x" + " or x".repeat(500);
        assertTrue(scopedQueries.scope(realistic, SHOP).promql().startsWith("x{" + NS + "} or x{" + NS + "} or "),
                "a long but realistic chain is confined on an ordinary stack");
    }

    @Test
    void aScopeWithoutNamespacesIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> scopedQueries.scope("x", Set.of()));
        assertThrows(IllegalArgumentException.class, () -> scopedQueries.scope("x", Set.of("")));
    }

    @Test
    void aSeriesSelectorIsScopedLikeAQuery() {
        assertEquals("{" + NS + ", __name__=~\"http_.*\", code=\"500\"}",
                scopedQueries.scopeSeriesSelector("{__name__=~\"http_.*\", code=\"500\"}", SHOP));
        assertEquals("{" + NS + "}", scopedQueries.namespaceSelector(SHOP));
    }

    @ParameterizedTest
    @ValueSource(strings = {"rate(x[5m])", "x offset 5m", "x[5m]", "1", "sum(x)"})
    void aSeriesSelectorMustBeAPlainSelector(String notASelector) {
        var problem = assertThrows(ProblemException.class,
                () -> scopedQueries.scopeSeriesSelector(notASelector, SHOP));
        assertEquals("PROMQL_INVALID", problem.code());
        assertEquals("match[]", problem.errors().get(0).parameter());
    }
}
