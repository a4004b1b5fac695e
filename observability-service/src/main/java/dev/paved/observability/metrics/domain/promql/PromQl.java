package dev.paved.observability.metrics.domain.promql;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

import org.antlr.v4.runtime.BailErrorStrategy;
import org.antlr.v4.runtime.BaseErrorListener;
import org.antlr.v4.runtime.CharStreams;
import org.antlr.v4.runtime.CommonTokenStream;
import org.antlr.v4.runtime.DefaultErrorStrategy;
import org.antlr.v4.runtime.Parser;
import org.antlr.v4.runtime.RecognitionException;
import org.antlr.v4.runtime.Recognizer;
import org.antlr.v4.runtime.Token;
import org.antlr.v4.runtime.atn.PredictionMode;
import org.antlr.v4.runtime.misc.IntervalSet;
import org.antlr.v4.runtime.misc.ParseCancellationException;

/**
 * Parses PromQL into an {@link Expr} with the grammar in {@code PromQLLexer.g4} and
 * {@code PromQLParser.g4}, reporting the first problem with its line and column.
 */
public final class PromQl {

    private static final int MAX_EXPECTED_SHOWN = 8;

    private PromQl() {
    }

    /** The syntax tree of {@code query}, or a {@link PromQlException} saying what is wrong and where. */
    public static Expr parse(String query) {
        for (int i = 0; i < query.length(); i++) {
            char c = query.charAt(i);
            if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < query.length()
                    && Character.isLowSurrogate(query.charAt(i + 1)))) {
                throw new PromQlException("the query is not valid Unicode", 1, 1);
            }
            if (Character.isHighSurrogate(c)) {
                i++;
            }
        }
        var lexer = new PromQLLexer(CharStreams.fromString(query));
        lexer.removeErrorListeners();
        var tokens = new CommonTokenStream(lexer);
        tokens.fill();
        for (Token token : tokens.getTokens()) {
            checkToken(token);
        }
        if (tokens.get(0).getType() == Token.EOF) {
            throw new PromQlException("no expression found in input", 1, 1);
        }
        try {
            return new SyntaxTreeBuilder(tokens).expression(syntaxTree(tokens).expression());
        } catch (StackOverflowError tooDeep) {
            throw new PromQlException("the query is nested too deeply", 1, 1);
        }
    }

    /**
     * The milliseconds of a PromQL duration such as {@code 1h30m} (units y, w, d, h, m, s, ms, in
     * that order, each at most once), or empty when {@code text} is not one.
     */
    public static OptionalLong duration(String text) {
        Long millis = Literals.parseDuration(text);
        return millis == null ? OptionalLong.empty() : OptionalLong.of(millis);
    }

    /** A duration written the way PromQL reads it, {@code 1h30m} for 5,400,000 ms. */
    public static String formatDuration(long millis) {
        return Literals.formatDuration(millis);
    }

    /** The parse, first with the fast SLL prediction and only when that fails with full LL. */
    private static PromQLParser.QueryContext syntaxTree(CommonTokenStream tokens) {
        var parser = new PromQLParser(tokens);
        parser.removeErrorListeners();
        parser.getInterpreter().setPredictionMode(PredictionMode.SLL);
        parser.setErrorHandler(new BailErrorStrategy());
        try {
            return parser.query();
        } catch (ParseCancellationException retryWithFullContext) {
            tokens.seek(0);
            parser.reset();
            parser.getInterpreter().setPredictionMode(PredictionMode.LL);
            parser.setErrorHandler(new DefaultErrorStrategy());
            parser.addErrorListener(FirstErrorThrows.INSTANCE);
            return parser.query();
        }
    }

    private static void checkToken(Token token) {
        if (token.getType() == PromQLLexer.UNEXPECTED_CHARACTER) {
            throw SyntaxTreeBuilder.error(token, "unexpected character: '" + token.getText() + "'");
        }
        if (token.getType() == PromQLLexer.UNTERMINATED_STRING) {
            throw SyntaxTreeBuilder.error(token, token.getText().startsWith("`")
                    ? "unterminated raw string"
                    : "unterminated quoted string");
        }
    }

    /** Turns ANTLR's first syntax error into a {@link PromQlException} in PromQL's own words. */
    private static final class FirstErrorThrows extends BaseErrorListener {

        static final FirstErrorThrows INSTANCE = new FirstErrorThrows();

        @Override
        public void syntaxError(Recognizer<?, ?> recognizer, Object offendingSymbol, int line, int column,
                String message, RecognitionException cause) {
            var reason = new StringBuilder("unexpected ").append(describe((Token) offendingSymbol));
            IntervalSet expected = ((Parser) recognizer).getExpectedTokens();
            if (!expected.isNil() && expected.size() <= MAX_EXPECTED_SHOWN) {
                List<String> names = new ArrayList<>();
                for (int type : expected.toList()) {
                    names.add(describe(type, recognizer));
                }
                reason.append(", expected ").append(oneOf(names));
            }
            throw new PromQlException(reason.toString(), line, column + 1);
        }

        private static String describe(Token token) {
            String text = token.getText();
            return switch (token.getType()) {
                case Token.EOF -> "end of input";
                case PromQLLexer.IDENTIFIER, PromQLLexer.METRIC_IDENTIFIER, PromQLLexer.LABEL_NAME ->
                        "identifier \"" + text + "\"";
                case PromQLLexer.NUMBER, PromQLLexer.INF, PromQLLexer.NAN -> "number " + text;
                case PromQLLexer.DURATION -> "duration " + text;
                case PromQLLexer.STRING -> "string " + (text.length() > 24 ? text.substring(0, 20) + "…" : text);
                default -> "\"" + text + "\"";
            };
        }

        private static String describe(int type, Recognizer<?, ?> recognizer) {
            return switch (type) {
                case Token.EOF -> "end of input";
                case PromQLLexer.IDENTIFIER, PromQLLexer.METRIC_IDENTIFIER -> "identifier";
                case PromQLLexer.LABEL_NAME -> "label name";
                case PromQLLexer.NUMBER -> "number";
                case PromQLLexer.DURATION -> "duration";
                case PromQLLexer.STRING -> "string";
                case PromQLLexer.COMMA -> "\",\"";
                default -> {
                    String literal = recognizer.getVocabulary().getLiteralName(type);
                    yield literal != null
                            ? "\"" + literal.substring(1, literal.length() - 1) + "\""
                            : recognizer.getVocabulary().getSymbolicName(type).toLowerCase(java.util.Locale.ROOT);
                }
            };
        }

        private static String oneOf(List<String> names) {
            if (names.size() == 1) {
                return names.get(0);
            }
            return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
        }
    }
}
