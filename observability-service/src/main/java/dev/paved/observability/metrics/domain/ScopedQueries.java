package dev.paved.observability.metrics.domain;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.observability.metrics.domain.promql.Expr;
import dev.paved.observability.metrics.domain.promql.Expr.Aggregation;
import dev.paved.observability.metrics.domain.promql.Expr.Binary;
import dev.paved.observability.metrics.domain.promql.Expr.Call;
import dev.paved.observability.metrics.domain.promql.Expr.LabelMatcher;
import dev.paved.observability.metrics.domain.promql.Expr.MatrixSelector;
import dev.paved.observability.metrics.domain.promql.Expr.NumberLiteral;
import dev.paved.observability.metrics.domain.promql.Expr.StringLiteral;
import dev.paved.observability.metrics.domain.promql.Expr.Subquery;
import dev.paved.observability.metrics.domain.promql.Expr.Unary;
import dev.paved.observability.metrics.domain.promql.Expr.VectorSelector;
import dev.paved.observability.metrics.domain.promql.MatchOperator;
import dev.paved.observability.metrics.domain.promql.PromQl;
import dev.paved.observability.metrics.domain.promql.PromQlException;
import dev.paved.observability.metrics.domain.promql.PromQlPrinter;

/**
 * Confines a PromQL query to the namespaces a caller may see. The rules:
 *
 * <ol>
 * <li>The query is parsed with a full PromQL parser; what does not parse, or breaks a rule
 * Prometheus's parser applies (types, argument counts, modifiers), is a 400 {@code PROMQL_INVALID}
 * with the parser's message and line:column as a violation of the {@code query} parameter.</li>
 * <li>Every vector selector, wherever it stands (function and aggregation arguments, both sides of
 * every binary operator including {@code or} and {@code unless}, range selectors, subqueries, with
 * or without {@code offset} and {@code @}), gets the matcher {@code namespace=~"ns1|ns2"} in front
 * of its own matchers. Its own matchers stay, a {@code namespace} matcher among them too; matchers
 * are ANDed, so they can only narrow what the added one allows. Namespaces are written as an RE2
 * literal (metacharacters escaped) and Prometheus anchors the expression at both ends, so
 * {@code shop-dev} never matches {@code shop-dev2}. A series without the label never matches.</li>
 * <li>PromQL reads series only through selectors, so every value in the answer derives from
 * allowed series. Functions that relabel ({@code label_replace}, {@code label_join},
 * {@code count_values}) can only rename what was already allowed; {@code vector()}, {@code time()}
 * and literals read nothing; {@code absent()} and {@code absent_over_time()} see only the filtered
 * selector, so they answer for the caller's namespaces alone. The added matcher comes first
 * because {@code absent()} derives its output labels from the equality matchers in order, and a
 * later matcher on the same label would drop the caller's {@code namespace="…"} from it.</li>
 * <li>A function that reads series no selector of the query names cannot be confined this way and
 * is refused with 400 {@code PROMQL_NOT_ALLOWED}: {@code info()} joins the series it is given
 * with info series it looks up itself. Functions unknown to the parser are refused as invalid, so
 * a function Prometheus adds later is refused until reviewed here.</li>
 * <li>The rewritten query is printed from the syntax tree, never spliced into the text, by a
 * printer whose output Prometheus reads back as the same tree.</li>
 * </ol>
 *
 * Namespaces are identified by name: a namespace deleted and created again for another team shows
 * that team the old series too (through {@code offset} or {@code @}), so namespace names must not
 * pass between teams. The scrape configuration must take {@code namespace} from the target's
 * Kubernetes metadata and not let targets set it ({@code honor_labels: false}).
 */
public final class ScopedQueries {

    public static final String PROMQL_INVALID = "PROMQL_INVALID";
    public static final String PROMQL_NOT_ALLOWED = "PROMQL_NOT_ALLOWED";

    private static final String RE2_METACHARACTERS = "\\.+*?()|[]{}^$";

    private final String namespaceLabel;
    private final int maxQueryLength;

    public ScopedQueries(String namespaceLabel, int maxQueryLength) {
        this.namespaceLabel = namespaceLabel;
        this.maxQueryLength = maxQueryLength;
    }

    /**
     * {@code promql} with every selector confined to {@code namespaces}, or a 400 problem on the
     * {@code query} parameter.
     */
    public ScopedQuery scope(String promql, Set<String> namespaces) {
        LabelMatcher namespace = matcher(namespaces);
        Expr parsed = parse("query", promql);
        try {
            Expr scoped = withMatcher(parsed, namespace);
            return new ScopedQuery(PromQlPrinter.print(scoped), scoped.type());
        } catch (StackOverflowError tooDeep) {
            throw invalid("query", "the query is nested too deeply");
        }
    }

    /**
     * A series selector ({@code match[]} of the series and label endpoints) confined to
     * {@code namespaces}; anything but a plain selector is a 400 problem on {@code match[]}.
     */
    public String scopeSeriesSelector(String selector, Set<String> namespaces) {
        Expr parsed = parse("match[]", selector);
        if (!(parsed instanceof VectorSelector vectorSelector) || !vectorSelector.modifiers().isEmpty()) {
            throw invalid("match[]", "a series selector such as up{job=\"api\"} is expected, not an expression");
        }
        return PromQlPrinter.print(withMatcher(vectorSelector, matcher(namespaces)));
    }

    /** The selector of every series in {@code namespaces}: {@code {namespace=~"ns1|ns2"}}. */
    public String namespaceSelector(Set<String> namespaces) {
        return PromQlPrinter.print(new VectorSelector(null, List.of(matcher(namespaces)), Expr.Modifiers.NONE));
    }

    private Expr parse(String parameter, String promql) {
        if (promql == null || promql.isBlank()) {
            throw invalid(parameter, "a PromQL expression is required");
        }
        if (promql.length() > maxQueryLength) {
            throw invalid(parameter, "the query is longer than " + maxQueryLength + " characters");
        }
        try {
            return PromQl.parse(promql);
        } catch (PromQlException notPromQl) {
            throw invalid(parameter, notPromQl.getMessage());
        }
    }

    private LabelMatcher matcher(Set<String> namespaces) {
        if (namespaces.isEmpty() || namespaces.stream().anyMatch(namespace -> namespace == null || namespace.isEmpty())) {
            throw new IllegalArgumentException("a scope needs at least one namespace, and no empty one: " + namespaces);
        }
        String alternatives = new TreeSet<>(namespaces).stream()
                .map(ScopedQueries::quoteRegex)
                .collect(Collectors.joining("|"));
        return new LabelMatcher(namespaceLabel, MatchOperator.REGEX, alternatives);
    }

    private static Expr withMatcher(Expr expr, LabelMatcher namespace) {
        if (expr instanceof VectorSelector selector) {
            var matchers = new ArrayList<LabelMatcher>(selector.matchers().size() + 1);
            matchers.add(namespace);
            matchers.addAll(selector.matchers());
            return selector.withMatchers(matchers);
        }
        if (expr instanceof MatrixSelector matrix) {
            return new MatrixSelector((VectorSelector) withMatcher(matrix.selector(), namespace), matrix.rangeMillis());
        }
        if (expr instanceof Subquery subquery) {
            return new Subquery(withMatcher(subquery.expr(), namespace), subquery.rangeMillis(), subquery.stepMillis(),
                    subquery.modifiers());
        }
        if (expr instanceof Call call) {
            if (call.function().name().equals("info")) {
                throw new ProblemException(400, PROMQL_NOT_ALLOWED,
                        "info() reads info series that no selector of the query names, so it cannot be limited to"
                                + " your namespaces; join the info metric explicitly with group_left instead.",
                        List.of(Violation.parameter("query", "info() is not allowed")));
            }
            return new Call(call.function(), call.arguments().stream().map(arg -> withMatcher(arg, namespace)).toList());
        }
        if (expr instanceof Aggregation aggregation) {
            return new Aggregation(aggregation.operator(), aggregation.grouping(),
                    aggregation.parameter() == null ? null : withMatcher(aggregation.parameter(), namespace),
                    withMatcher(aggregation.expr(), namespace));
        }
        if (expr instanceof Binary binary) {
            return new Binary(binary.operator(), withMatcher(binary.left(), namespace),
                    withMatcher(binary.right(), namespace), binary.returnBool(), binary.matching());
        }
        if (expr instanceof NumberLiteral || expr instanceof StringLiteral) {
            return expr;
        }
        Unary unary = (Unary) expr;
        return new Unary(unary.negative(), withMatcher(unary.expr(), namespace));
    }

    /** RE2's QuoteMeta: the namespace matches itself only. */
    static String quoteRegex(String literal) {
        var quoted = new StringBuilder(literal.length() + 4);
        for (char c : literal.toCharArray()) {
            if (RE2_METACHARACTERS.indexOf(c) >= 0) {
                quoted.append('\\');
            }
            quoted.append(c);
        }
        return quoted.toString();
    }

    private static ProblemException invalid(String parameter, String message) {
        return new ProblemException(400, PROMQL_INVALID, "The " + parameter + " parameter is not valid PromQL: "
                + message, List.of(Violation.parameter(parameter, message)));
    }
}
