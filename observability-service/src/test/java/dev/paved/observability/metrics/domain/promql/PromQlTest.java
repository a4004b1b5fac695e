package dev.paved.observability.metrics.domain.promql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.paved.observability.metrics.domain.promql.Expr.Aggregation;
import dev.paved.observability.metrics.domain.promql.Expr.At;
import dev.paved.observability.metrics.domain.promql.Expr.Binary;
import dev.paved.observability.metrics.domain.promql.Expr.Cardinality;
import dev.paved.observability.metrics.domain.promql.Expr.Grouping;
import dev.paved.observability.metrics.domain.promql.Expr.LabelMatcher;
import dev.paved.observability.metrics.domain.promql.Expr.MatrixSelector;
import dev.paved.observability.metrics.domain.promql.Expr.Modifiers;
import dev.paved.observability.metrics.domain.promql.Expr.NumberLiteral;
import dev.paved.observability.metrics.domain.promql.Expr.Subquery;
import dev.paved.observability.metrics.domain.promql.Expr.Unary;
import dev.paved.observability.metrics.domain.promql.Expr.VectorMatching;
import dev.paved.observability.metrics.domain.promql.Expr.VectorSelector;

class PromQlTest {

    static Stream<Arguments> invalidQueries() {
        return Stream.of(
                Arguments.of("sum(x", "1:6: unexpected end of input, expected \",\" or \")\""),
                Arguments.of("x{a=\"b\"", "1:8: unexpected end of input, expected \",\" or \"}\""),
                Arguments.of("x{a=~}", "1:6: unexpected \"}\", expected string"),
                Arguments.of("foo bar", "1:5: unexpected identifier \"bar\", expected end of input"),
                Arguments.of("sum(\n  rate(x)\n)", "2:8: expected type range vector in call to function \"rate\", got instant vector"),
                Arguments.of("unknown_fn(x)", "1:1: unknown function with name \"unknown_fn\""),
                Arguments.of("RATE(x[5m])", "1:1: unknown function with name \"RATE\""),
                Arguments.of("label_replace(x, \"a\", \"b\", \"c\")", "1:1: expected 5 argument(s) in call to \"label_replace\", got 4"),
                Arguments.of("round(x, 1, 2)", "1:1: expected at most 2 argument(s) in call to \"round\", got 3"),
                Arguments.of("label_join(x)", "1:1: expected at least 3 argument(s) in call to \"label_join\", got 1"),
                Arguments.of("sum(x, y)", "1:1: wrong number of arguments for aggregate expression provided, expected 1, got 2"),
                Arguments.of("topk(x)", "1:1: wrong number of arguments for aggregate expression provided, expected 2, got 1"),
                Arguments.of("sum()", "1:1: no arguments for aggregate expression provided"),
                Arguments.of("count_values(5, x)", "1:14: expected type string in aggregation parameter, got scalar"),
                Arguments.of("sum(x[5m])", "1:5: expected type instant vector in aggregation expression, got range vector"),
                Arguments.of("x offset 1m offset 2m", "1:13: offset may not be set multiple times"),
                Arguments.of("x @ 1 @ 2", "1:7: @ <timestamp> may not be set multiple times"),
                Arguments.of("(x)[5m]", "1:4: ranges only allowed for vector selectors"),
                Arguments.of("rate(x[5m])[5m]", "1:12: ranges only allowed for vector selectors"),
                Arguments.of("x offset 1m [5m]", "1:13: no offset modifiers allowed before range"),
                Arguments.of("x @ 100 [5m]", "1:9: no @ modifiers allowed before range"),
                Arguments.of("(x) offset 5m", "1:5: offset modifier must be preceded by an instant vector selector or range vector selector or a subquery"),
                Arguments.of("sum(x) @ end()", "1:8: @ modifier must be preceded by an instant vector selector or range vector selector or a subquery"),
                Arguments.of("x[5m][10m:1m]", "1:6: subquery is only allowed on instant vector, got range vector instead"),
                Arguments.of("1 > 2", "1:3: comparisons between scalars must use BOOL modifier"),
                Arguments.of("x + bool y", "1:3: bool modifier can only be used on comparison operators"),
                Arguments.of("1 and x", "1:3: set operator \"and\" not allowed in binary scalar expression"),
                Arguments.of("x and on (a) group_left y", "1:3: no grouping allowed for \"and\" operation"),
                Arguments.of("x * on (a) group_left (a) y", "1:3: label \"a\" must not occur in ON and GROUP clause at once"),
                Arguments.of("1 + on (a) x", "1:3: vector matching only allowed between instant vectors"),
                Arguments.of("x * on (a) group_left (y)", "1:23: unexpected expression after group_left: a parenthesis there is its label list; write group_left() (expression)"),
                Arguments.of("x[5m] + 1", "1:1: binary expression must contain only scalar and instant vector types"),
                Arguments.of("-\"a\"", "1:1: unary expression only allowed on expressions of type scalar or instant vector, got \"string\""),
                Arguments.of("{}", "1:1: vector selector must contain at least one non-empty matcher"),
                Arguments.of("{a=\"\", b=~\".*\", c!~\".+\"}", "1:1: vector selector must contain at least one non-empty matcher"),
                Arguments.of("foo{__name__=\"bar\"}", "1:1: metric name must not be set twice: \"foo\" or \"bar\""),
                Arguments.of("foo{\"bar\"}", "1:5: metric name must not be set twice: \"foo\" or \"bar\""),
                Arguments.of("sum by (a:b) (x)", "1:9: invalid label name for grouping: \"a:b\""),
                Arguments.of("x{a=\"\\q\"}", "1:5: unknown escape sequence \\q in string"),
                Arguments.of("x{a=\"\\xff\"}", "1:5: string escapes do not form valid UTF-8"),
                Arguments.of("x{a=\"\\ud800\"}", "1:5: escape sequence is an invalid Unicode code point"),
                Arguments.of("x{a=\"b}", "1:5: unterminated quoted string"),
                Arguments.of("x{a=`b}", "1:5: unterminated raw string"),
                Arguments.of("x $ y", "1:3: unexpected character: '$'"),
                Arguments.of("x{a:b=\"c\"}", "1:4: unexpected character: ':'"),
                Arguments.of("x[5]", "1:3: unexpected character: '5'"),
                Arguments.of("x[5m1h]", "1:3: not a valid duration string: \"5m1h\""),
                Arguments.of("x[0s]", "1:3: duration must be greater than 0"),
                Arguments.of("rate(x[5m])[5m:0s]", "1:16: duration must be greater than 0"),
                Arguments.of("x @ NaN", "1:5: timestamp out of bounds for @ modifier: NaN"),
                Arguments.of("1e400", "1:1: error parsing number: \"1e400\" is out of range"),
                Arguments.of("0xFFFFFFFFFFFFFFFFF", "1:1: error parsing number: \"0xFFFFFFFFFFFFFFFFF\" is out of range"),
                Arguments.of("  # just a comment", "1:1: no expression found in input"),
                Arguments.of("x ==~ y", "1:5: unexpected character: '~'"),
                Arguments.of("rate(x[5m],)", "1:12: unexpected \")\""));
    }

    @ParameterizedTest
    @MethodSource("invalidQueries")
    void anInvalidQueryIsRejectedWithWhatIsWrongAndWhere(String query, String message) {
        assertEquals(message, assertThrows(PromQlException.class, () -> PromQl.parse(query)).getMessage());
    }

    @Test
    void aQueryNestedBeyondTheStackIsRejectedNotCrashed() {
        String deep = "(".repeat(100_000) + "x" + ")".repeat(100_000);
        assertEquals("1:1: the query is nested too deeply",
                assertThrows(PromQlException.class, () -> PromQl.parse(deep)).getMessage());
    }

    @Test
    void anUnpairedSurrogateIsRejected() {
        assertEquals("1:1: the query is not valid Unicode",
                assertThrows(PromQlException.class, () -> PromQl.parse("x{a=\"\uD800\"}")).getMessage());
    }

    private static VectorSelector selector(String name, LabelMatcher... matchers) {
        return new VectorSelector(name, List.of(matchers), Modifiers.NONE);
    }

    static Stream<Arguments> trees() {
        VectorSelector x = selector("x");
        VectorSelector y = selector("y");
        return Stream.of(
                Arguments.of("a + b * c ^ d ^ e", new Binary(BinaryOperator.ADD, selector("a"),
                        new Binary(BinaryOperator.MUL, selector("b"), new Binary(BinaryOperator.POW, selector("c"),
                                new Binary(BinaryOperator.POW, selector("d"), selector("e"), false, null), false, null),
                                false, null), false, null)),
                Arguments.of("-x ^ 2", new Unary(true, new Binary(BinaryOperator.POW, x, new NumberLiteral(2), false, null))),
                Arguments.of("-x * 2", new Binary(BinaryOperator.MUL, new Unary(true, x), new NumberLiteral(2), false, null)),
                Arguments.of("x or y and x unless y", new Binary(BinaryOperator.OR, x,
                        new Binary(BinaryOperator.UNLESS, new Binary(BinaryOperator.AND, y, x, false, null), y, false, null),
                        false, null)),
                Arguments.of("x > bool on (a) group_left (b) y", new Binary(BinaryOperator.GTR, x, y, true,
                        new VectorMatching(true, List.of("a"), Cardinality.MANY_TO_ONE, List.of("b")))),
                Arguments.of("x + ignoring () y", new Binary(BinaryOperator.ADD, x, y, false,
                        new VectorMatching(false, List.of(), Cardinality.ONE_TO_ONE, List.of()))),
                Arguments.of("sum(x) without (a,)", new Aggregation(AggregateOperator.SUM,
                        new Grouping(true, List.of("a")), null, x)),
                Arguments.of("x{a=\"1\",b!=\"2\",c=~\"3\",d!~\"4\",}", selector("x",
                        new LabelMatcher("a", MatchOperator.EQUAL, "1"), new LabelMatcher("b", MatchOperator.NOT_EQUAL, "2"),
                        new LabelMatcher("c", MatchOperator.REGEX, "3"), new LabelMatcher("d", MatchOperator.NOT_REGEX, "4"))),
                Arguments.of("x[5m] offset -1h30m @ 10", new MatrixSelector(
                        x.withModifiers(new Modifiers(-5_400_000L, new At.Timestamp(10))), 300_000)),
                Arguments.of("x[5m:] @ start()", new Subquery(x, 300_000, null, new Modifiers(null, new At.Start()))),
                Arguments.of("-x offset 5m", new Unary(true, x.withModifiers(new Modifiers(300_000L, null)))),
                Arguments.of("x offset 1y2w3d4h5m6s7ms", x.withModifiers(new Modifiers(
                        31_536_000_000L + 1_209_600_000L + 259_200_000L + 14_400_000L + 300_000L + 6_000L + 7L, null))),
                Arguments.of("Sum By (a) (x)", new Aggregation(AggregateOperator.SUM, new Grouping(false, List.of("a")), null, x)));
    }

    @ParameterizedTest
    @MethodSource("trees")
    void precedenceAssociativityAndModifiersGiveTheReferenceTree(String query, Expr tree) {
        assertEquals(tree, PromQl.parse(query));
        assertEquals(tree, PromQl.parse(PromQlPrinter.print(tree)), "the printed tree reads back the same");
    }

    @Test
    void aMetricNamedLikeAKeywordIsPrintedAsANameMatcher() {
        Expr parsed = PromQl.parse("by{on=\"1\"}");
        assertEquals(selector("by", new LabelMatcher("on", MatchOperator.EQUAL, "1")), parsed);
        assertEquals("{__name__=\"by\", on=\"1\"}", PromQlPrinter.print(parsed));
    }

    @Test
    void theSmallestTreesPrintWithTheParenthesesTheyNeed() {
        VectorSelector x = selector("x");
        assertEquals("(-x) ^ 2", PromQlPrinter.print(new Binary(BinaryOperator.POW, new Unary(true, x), new NumberLiteral(2), false, null)));
        assertEquals("(-2) ^ 2", PromQlPrinter.print(new Binary(BinaryOperator.POW, new NumberLiteral(-2), new NumberLiteral(2), false, null)));
        assertEquals("-(-x)", PromQlPrinter.print(new Unary(true, new Unary(true, x))));
        assertEquals("(x offset 1m)[5m:]", PromQlPrinter.print(new Subquery(x.withModifiers(new Modifiers(60_000L, null)), 300_000, null, Modifiers.NONE)));
        assertEquals("x - (x - x)", PromQlPrinter.print(new Binary(BinaryOperator.SUB, x, new Binary(BinaryOperator.SUB, x, x, false, null), false, null)));
    }
}
