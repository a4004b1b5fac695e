package dev.paved.observability.metrics.domain.promql;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import org.antlr.v4.runtime.ParserRuleContext;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.TokenStream;

import dev.paved.observability.metrics.domain.promql.Expr.Aggregation;
import dev.paved.observability.metrics.domain.promql.Expr.At;
import dev.paved.observability.metrics.domain.promql.Expr.Binary;
import dev.paved.observability.metrics.domain.promql.Expr.Call;
import dev.paved.observability.metrics.domain.promql.Expr.Cardinality;
import dev.paved.observability.metrics.domain.promql.Expr.Grouping;
import dev.paved.observability.metrics.domain.promql.Expr.LabelMatcher;
import dev.paved.observability.metrics.domain.promql.Expr.MatrixSelector;
import dev.paved.observability.metrics.domain.promql.Expr.Modifiers;
import dev.paved.observability.metrics.domain.promql.Expr.NumberLiteral;
import dev.paved.observability.metrics.domain.promql.Expr.StringLiteral;
import dev.paved.observability.metrics.domain.promql.Expr.Subquery;
import dev.paved.observability.metrics.domain.promql.Expr.Unary;
import dev.paved.observability.metrics.domain.promql.Expr.VectorMatching;
import dev.paved.observability.metrics.domain.promql.Expr.VectorSelector;
import dev.paved.observability.metrics.domain.promql.PromQLParser.AggregationContext;
import dev.paved.observability.metrics.domain.promql.PromQLParser.AggregationExpressionContext;
import dev.paved.observability.metrics.domain.promql.PromQLParser.AtModifierContext;
import dev.paved.observability.metrics.domain.promql.PromQLParser.AtTimeContext;
import dev.paved.observability.metrics.domain.promql.PromQLParser.BinaryContext;
import dev.paved.observability.metrics.domain.promql.PromQLParser.CallContext;
import dev.paved.observability.metrics.domain.promql.PromQLParser.ExpressionContext;
import dev.paved.observability.metrics.domain.promql.PromQLParser.FunctionArgumentsContext;
import dev.paved.observability.metrics.domain.promql.PromQLParser.FunctionCallContext;
import dev.paved.observability.metrics.domain.promql.PromQLParser.GroupingLabelContext;
import dev.paved.observability.metrics.domain.promql.PromQLParser.GroupingLabelsContext;
import dev.paved.observability.metrics.domain.promql.PromQLParser.LabelMatcherContext;
import dev.paved.observability.metrics.domain.promql.PromQLParser.NumberContext;
import dev.paved.observability.metrics.domain.promql.PromQLParser.NumberLiteralContext;
import dev.paved.observability.metrics.domain.promql.PromQLParser.OffsetModifierContext;
import dev.paved.observability.metrics.domain.promql.PromQLParser.ParenthesizedContext;
import dev.paved.observability.metrics.domain.promql.PromQLParser.RangeSelectionContext;
import dev.paved.observability.metrics.domain.promql.PromQLParser.SelectorContext;
import dev.paved.observability.metrics.domain.promql.PromQLParser.StringLiteralContext;
import dev.paved.observability.metrics.domain.promql.PromQLParser.SubqueryContext;
import dev.paved.observability.metrics.domain.promql.PromQLParser.UnaryContext;
import dev.paved.observability.metrics.domain.promql.PromQLParser.VectorMatchingContext;
import dev.paved.observability.metrics.domain.promql.PromQLParser.VectorSelectorContext;

/**
 * Builds the syntax tree from ANTLR's parse tree and applies the rules the grammar cannot say, as
 * Prometheus's parser applies them, with its wording: types of operands and arguments, argument
 * counts, where {@code offset}, {@code @} and ranges may stand, metric names set once, a selector
 * that cannot match every series, valid literals.
 */
final class SyntaxTreeBuilder {

    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final String METRIC_NAME_LABEL = "__name__";

    private final TokenStream tokens;

    SyntaxTreeBuilder(TokenStream tokens) {
        this.tokens = tokens;
    }

    Expr expression(ExpressionContext context) {
        if (context instanceof ParenthesizedContext parenthesized) {
            return expression(parenthesized.expression());
        }
        if (context instanceof NumberLiteralContext literal) {
            return new NumberLiteral(number(literal.number()));
        }
        if (context instanceof StringLiteralContext literal) {
            return new StringLiteral(string(literal.STRING().getSymbol()));
        }
        if (context instanceof SelectorContext selector) {
            return vectorSelector(selector.vectorSelector());
        }
        if (context instanceof CallContext call) {
            return call(call.functionCall());
        }
        if (context instanceof AggregationExpressionContext aggregation) {
            return aggregation(aggregation.aggregation());
        }
        if (context instanceof UnaryContext unary) {
            return unary(unary);
        }
        if (context instanceof BinaryContext binary) {
            return binary(binary);
        }
        if (context instanceof RangeSelectionContext range) {
            return range(range);
        }
        if (context instanceof SubqueryContext subquery) {
            return subquery(subquery);
        }
        if (context instanceof OffsetModifierContext offset) {
            return offset(offset);
        }
        return at((AtModifierContext) context);
    }

    private Expr unary(UnaryContext context) {
        Expr operand = expression(context.expression());
        if (operand.type() != ValueType.SCALAR && operand.type() != ValueType.INSTANT_VECTOR) {
            throw error(context, "unary expression only allowed on expressions of type scalar or instant vector, got \""
                    + operand.type().documentedName() + "\"");
        }
        return new Unary(context.op.getType() == PromQLLexer.SUB, operand);
    }

    private Expr binary(BinaryContext context) {
        Expr left = expression(context.expression(0));
        Expr right = expression(context.expression(1));
        BinaryOperator operator = binaryOperator(context.op);
        boolean returnBool = context.binaryModifiers().BOOL() != null;
        VectorMatching matching = vectorMatching(context.binaryModifiers().vectorMatching());

        if (returnBool && !operator.isComparison()) {
            throw error(context.op, "bool modifier can only be used on comparison operators");
        }
        if (operator.isComparison() && !returnBool && left.type() == ValueType.SCALAR
                && right.type() == ValueType.SCALAR) {
            throw error(context.op, "comparisons between scalars must use BOOL modifier");
        }
        if (matching != null && matching.on()) {
            for (String label : matching.labels()) {
                if (matching.include().contains(label)) {
                    throw error(context.op, "label \"" + label + "\" must not occur in ON and GROUP clause at once");
                }
            }
        }
        checkBinaryOperand(left, context.expression(0));
        checkBinaryOperand(right, context.expression(1));
        boolean bothVectors = left.type() == ValueType.INSTANT_VECTOR && right.type() == ValueType.INSTANT_VECTOR;
        if (!bothVectors && matching != null && !matching.labels().isEmpty()) {
            throw error(context.op, "vector matching only allowed between instant vectors");
        }
        if (operator.isSetOperator()) {
            if (!bothVectors) {
                throw error(context.op, "set operator \"" + operator.symbol()
                        + "\" not allowed in binary scalar expression");
            }
            if (matching != null && matching.cardinality() != Cardinality.ONE_TO_ONE) {
                throw error(context.op, "no grouping allowed for \"" + operator.symbol() + "\" operation");
            }
        }
        return new Binary(operator, left, right, returnBool, matching);
    }

    private void checkBinaryOperand(Expr operand, ExpressionContext context) {
        if (operand.type() != ValueType.SCALAR && operand.type() != ValueType.INSTANT_VECTOR) {
            throw error(context, "binary expression must contain only scalar and instant vector types");
        }
    }

    private static BinaryOperator binaryOperator(Token op) {
        return switch (op.getType()) {
            case PromQLLexer.POW -> BinaryOperator.POW;
            case PromQLLexer.MUL -> BinaryOperator.MUL;
            case PromQLLexer.DIV -> BinaryOperator.DIV;
            case PromQLLexer.MOD -> BinaryOperator.MOD;
            case PromQLLexer.ATAN2 -> BinaryOperator.ATAN2;
            case PromQLLexer.ADD -> BinaryOperator.ADD;
            case PromQLLexer.SUB -> BinaryOperator.SUB;
            case PromQLLexer.EQLC -> BinaryOperator.EQL;
            case PromQLLexer.NEQ -> BinaryOperator.NEQ;
            case PromQLLexer.LTE -> BinaryOperator.LTE;
            case PromQLLexer.LSS -> BinaryOperator.LSS;
            case PromQLLexer.GTE -> BinaryOperator.GTE;
            case PromQLLexer.GTR -> BinaryOperator.GTR;
            case PromQLLexer.AND -> BinaryOperator.AND;
            case PromQLLexer.UNLESS -> BinaryOperator.UNLESS;
            default -> BinaryOperator.OR;
        };
    }

    private VectorMatching vectorMatching(VectorMatchingContext context) {
        if (context == null) {
            return null;
        }
        List<String> labels = groupingLabels(context.groupingLabels(0));
        if (context.groupSide == null) {
            return new VectorMatching(context.ON() != null, labels, Cardinality.ONE_TO_ONE, List.of());
        }
        List<String> include = List.of();
        if (context.groupingLabels().size() > 1) {
            include = groupingLabels(context.groupingLabels(1));
        } else if (tokens.get(context.groupSide.getTokenIndex() + 1).getType() == PromQLLexer.LEFT_PAREN) {
            // Prometheus reads a parenthesis after group_left as its label list, never as the operand.
            throw error(tokens.get(context.groupSide.getTokenIndex() + 1),
                    "unexpected expression after " + context.groupSide.getText().toLowerCase(Locale.ROOT)
                            + ": a parenthesis there is its label list; write "
                            + context.groupSide.getText().toLowerCase(Locale.ROOT) + "() (expression)");
        }
        Cardinality cardinality = context.GROUP_LEFT() != null ? Cardinality.MANY_TO_ONE : Cardinality.ONE_TO_MANY;
        return new VectorMatching(context.ON() != null, labels, cardinality, include);
    }

    private List<String> groupingLabels(GroupingLabelsContext context) {
        var labels = new ArrayList<String>();
        for (GroupingLabelContext label : context.groupingLabel()) {
            String name = label.STRING() != null ? string(label.STRING().getSymbol()) : label.getText();
            if (label.METRIC_IDENTIFIER() != null || name.isEmpty()) {
                throw error(label, "invalid label name for grouping: \"" + name + "\"");
            }
            labels.add(name);
        }
        return labels;
    }

    private Expr call(FunctionCallContext context) {
        String name = context.name.getText();
        Function function = Function.named(name)
                .orElseThrow(() -> error(context.name, "unknown function with name \"" + name + "\""));
        List<Expr> arguments = arguments(context.functionArguments());
        int count = arguments.size();
        if (count < function.minimumArguments() || count > function.maximumArguments()) {
            String expected = function.minimumArguments() == function.maximumArguments()
                    ? "expected " + function.minimumArguments() + " argument(s)"
                    : count < function.minimumArguments()
                            ? "expected at least " + function.minimumArguments() + " argument(s)"
                            : "expected at most " + function.maximumArguments() + " argument(s)";
            throw error(context, expected + " in call to \"" + name + "\", got " + count);
        }
        for (int i = 0; i < count; i++) {
            ValueType expectedType = function.argumentType(i);
            if (arguments.get(i).type() != expectedType) {
                throw error(context.functionArguments().expression(i), "expected type "
                        + expectedType.documentedName() + " in call to function \"" + name + "\", got "
                        + arguments.get(i).type().documentedName());
            }
        }
        return new Call(function, arguments);
    }

    private List<Expr> arguments(FunctionArgumentsContext context) {
        var arguments = new ArrayList<Expr>();
        for (ExpressionContext argument : context.expression()) {
            arguments.add(expression(argument));
        }
        return arguments;
    }

    private Expr aggregation(AggregationContext context) {
        AggregateOperator operator = AggregateOperator.valueOf(
                context.aggregateOperator().getText().toUpperCase(Locale.ROOT));
        Grouping grouping = context.grouping() == null ? null
                : new Grouping(context.grouping().WITHOUT() != null, groupingLabels(context.grouping().groupingLabels()));
        List<Expr> arguments = arguments(context.functionArguments());
        if (arguments.isEmpty()) {
            throw error(context, "no arguments for aggregate expression provided");
        }
        int expected = operator.parameterType() == null ? 1 : 2;
        if (arguments.size() != expected) {
            throw error(context, "wrong number of arguments for aggregate expression provided, expected "
                    + expected + ", got " + arguments.size());
        }
        Expr vector = arguments.get(expected - 1);
        if (vector.type() != ValueType.INSTANT_VECTOR) {
            throw error(context.functionArguments().expression(expected - 1),
                    "expected type instant vector in aggregation expression, got " + vector.type().documentedName());
        }
        Expr parameter = null;
        if (operator.parameterType() != null) {
            parameter = arguments.get(0);
            if (parameter.type() != operator.parameterType()) {
                throw error(context.functionArguments().expression(0), "expected type "
                        + operator.parameterType().documentedName() + " in aggregation parameter, got "
                        + parameter.type().documentedName());
            }
        }
        return new Aggregation(operator, grouping, parameter, vector);
    }

    private VectorSelector vectorSelector(VectorSelectorContext context) {
        String metricName = context.metricName() == null ? null : context.metricName().getText();
        var matchers = new ArrayList<LabelMatcher>();
        if (context.labelMatchers() != null) {
            for (LabelMatcherContext matcher : context.labelMatchers().labelMatcher()) {
                if (matcher.matchOperator() == null) {
                    if (metricName != null) {
                        throw error(matcher, "metric name must not be set twice: \"" + metricName + "\" or \""
                                + string(matcher.STRING().getSymbol()) + "\"");
                    }
                    metricName = string(matcher.STRING().getSymbol());
                    continue;
                }
                Token name = matcher.labelName().getStart();
                String label = name.getType() == PromQLLexer.STRING ? string(name) : name.getText();
                matchers.add(new LabelMatcher(label, matchOperator(matcher.matchOperator().getStart()),
                        string(matcher.STRING().getSymbol())));
            }
        }
        if (metricName != null) {
            for (LabelMatcher matcher : matchers) {
                if (matcher.name().equals(METRIC_NAME_LABEL)) {
                    throw error(context, "metric name must not be set twice: \"" + metricName + "\" or \""
                            + matcher.value() + "\"");
                }
            }
        } else if (matchers.stream().allMatch(SyntaxTreeBuilder::matchesEmpty)) {
            throw error(context, "vector selector must contain at least one non-empty matcher");
        }
        return new VectorSelector(metricName, matchers, Modifiers.NONE);
    }

    private static MatchOperator matchOperator(Token token) {
        return switch (token.getType()) {
            case PromQLLexer.EQL -> MatchOperator.EQUAL;
            case PromQLLexer.NEQ -> MatchOperator.NOT_EQUAL;
            case PromQLLexer.EQL_REGEX -> MatchOperator.REGEX;
            default -> MatchOperator.NOT_REGEX;
        };
    }

    /**
     * Whether the matcher accepts a series without that label. For a regular expression Java's
     * engine stands in for RE2; one it cannot read counts as not matching the empty string, and
     * Prometheus judges it.
     */
    private static boolean matchesEmpty(LabelMatcher matcher) {
        return switch (matcher.operator()) {
            case EQUAL -> matcher.value().isEmpty();
            case NOT_EQUAL -> !matcher.value().isEmpty();
            case REGEX -> regexMatchesEmpty(matcher.value(), false);
            case NOT_REGEX -> !regexMatchesEmpty(matcher.value(), true);
        };
    }

    private static boolean regexMatchesEmpty(String regex, boolean whenUnreadable) {
        try {
            return Pattern.compile(regex).matcher("").matches();
        } catch (PatternSyntaxException unreadable) {
            return whenUnreadable;
        }
    }

    private Expr range(RangeSelectionContext context) {
        Token bracket = context.LEFT_BRACKET().getSymbol();
        Expr target = expression(context.expression());
        if (!(target instanceof VectorSelector selector) || context.expression() instanceof ParenthesizedContext) {
            throw error(bracket, "ranges only allowed for vector selectors");
        }
        if (selector.modifiers().offsetMillis() != null) {
            throw error(bracket, "no offset modifiers allowed before range");
        }
        if (selector.modifiers().at() != null) {
            throw error(bracket, "no @ modifiers allowed before range");
        }
        return new MatrixSelector(selector, positiveDuration(context.range));
    }

    private Expr subquery(SubqueryContext context) {
        Expr inner = expression(context.expression());
        if (inner.type() != ValueType.INSTANT_VECTOR) {
            throw error(context.LEFT_BRACKET().getSymbol(), "subquery is only allowed on instant vector, got "
                    + inner.type().documentedName() + " instead");
        }
        Long step = context.step == null ? null : positiveDuration(context.step);
        return new Subquery(inner, positiveDuration(context.range), step, Modifiers.NONE);
    }

    private Expr offset(OffsetModifierContext context) {
        Expr target = modifiable(context.expression(), context.OFFSET().getSymbol(), "offset");
        long millis = duration(context.DURATION().getSymbol());
        if (context.sign != null && context.sign.getType() == PromQLLexer.SUB) {
            millis = -millis;
        }
        Modifiers modifiers = modifiers(target);
        if (modifiers.offsetMillis() != null) {
            throw error(context.OFFSET().getSymbol(), "offset may not be set multiple times");
        }
        return withModifiers(target, modifiers.withOffset(millis));
    }

    private Expr at(AtModifierContext context) {
        Expr target = modifiable(context.expression(), context.AT().getSymbol(), "@");
        At at = atTime(context.atTime());
        Modifiers modifiers = modifiers(target);
        if (modifiers.at() != null) {
            throw error(context.AT().getSymbol(), "@ <timestamp> may not be set multiple times");
        }
        return withModifiers(target, modifiers.withAt(at));
    }

    private At atTime(AtTimeContext context) {
        if (context.START() != null) {
            return new At.Start();
        }
        if (context.END() != null) {
            return new At.End();
        }
        double seconds = number(context.number());
        if (context.sign != null && context.sign.getType() == PromQLLexer.SUB) {
            seconds = -seconds;
        }
        // Prometheus keeps @ as int64 milliseconds.
        if (Double.isNaN(seconds) || Double.isInfinite(seconds) || Math.abs(seconds * 1000) >= 0x1p63) {
            throw error(context, "timestamp out of bounds for @ modifier: " + Literals.formatNumber(seconds));
        }
        return new At.Timestamp(seconds);
    }

    /** The selector, range selector or subquery a modifier applies to; parentheses do not count as one. */
    private Expr modifiable(ExpressionContext context, Token modifier, String name) {
        Expr target = expression(context);
        boolean selectorOrSubquery = target instanceof VectorSelector || target instanceof MatrixSelector
                || target instanceof Subquery;
        if (!selectorOrSubquery || context instanceof ParenthesizedContext) {
            throw error(modifier, name + " modifier must be preceded by an instant vector selector or range vector"
                    + " selector or a subquery");
        }
        return target;
    }

    private static Modifiers modifiers(Expr target) {
        if (target instanceof VectorSelector selector) {
            return selector.modifiers();
        }
        if (target instanceof MatrixSelector matrix) {
            return matrix.selector().modifiers();
        }
        return ((Subquery) target).modifiers();
    }

    private static Expr withModifiers(Expr target, Modifiers modifiers) {
        if (target instanceof VectorSelector selector) {
            return selector.withModifiers(modifiers);
        }
        if (target instanceof MatrixSelector matrix) {
            return new MatrixSelector(matrix.selector().withModifiers(modifiers), matrix.rangeMillis());
        }
        Subquery subquery = (Subquery) target;
        return new Subquery(subquery.expr(), subquery.rangeMillis(), subquery.stepMillis(), modifiers);
    }

    private long positiveDuration(Token token) {
        long millis = duration(token);
        if (millis <= 0) {
            throw error(token, "duration must be greater than 0");
        }
        return millis;
    }

    private long duration(Token token) {
        Long millis = Literals.parseDuration(token.getText());
        if (millis == null) {
            throw error(token, "not a valid duration string: \"" + token.getText() + "\"");
        }
        return millis;
    }

    private double number(NumberContext context) {
        Double value = Literals.parseNumber(context.getText());
        if (value == null) {
            throw error(context, "error parsing number: \"" + context.getText() + "\" is out of range");
        }
        return value;
    }

    private String string(Token token) {
        var problem = new StringBuilder();
        String value = Literals.unquote(token.getText(), problem);
        if (value == null) {
            throw error(token, problem.toString());
        }
        return value;
    }

    static PromQlException error(Token token, String reason) {
        return new PromQlException(reason, token.getLine(), token.getCharPositionInLine() + 1);
    }

    private static PromQlException error(ParserRuleContext context, String reason) {
        return error(context.getStart(), reason);
    }
}
