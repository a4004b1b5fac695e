/*
 * PromQL, as the Prometheus query language reference and Prometheus's own parser define it:
 * operators and their precedence, instant and range vector selectors, offset and @ modifiers,
 * subqueries, aggregations, function calls, number and string literals, comments.
 *
 * Keywords are case-insensitive (SUM, By, and) as in Prometheus; function names are not. Inside
 * braces every word is a label name, inside brackets only durations and ':' exist, as in
 * Prometheus's lexer, hence the lexer modes. Semantic rules (types, argument counts, where a
 * modifier may stand) are checked by SyntaxTreeBuilder, which builds the syntax tree from this grammar.
 */
parser grammar PromQLParser;

options {
    tokenVocab = PromQLLexer;
}

query
    : expression EOF
    ;

// Alternatives are listed from the tightest binding to the loosest, as in the reference:
// postfix modifiers, ^ (right-associative), unary + and -, then * / % atan2, + -,
// comparisons, and/unless, or.
expression
    : expression LEFT_BRACKET range=DURATION RIGHT_BRACKET                              # rangeSelection
    | expression LEFT_BRACKET range=DURATION COLON step=DURATION? RIGHT_BRACKET         # subquery
    | expression OFFSET sign=(ADD | SUB)? DURATION                                      # offsetModifier
    | expression AT atTime                                                              # atModifier
    | <assoc = right> expression op=POW binaryModifiers expression                      # binary
    | op=(ADD | SUB) expression                                                         # unary
    | expression op=(MUL | DIV | MOD | ATAN2) binaryModifiers expression               # binary
    | expression op=(ADD | SUB) binaryModifiers expression                              # binary
    | expression op=(EQLC | NEQ | LTE | LSS | GTE | GTR) binaryModifiers expression     # binary
    | expression op=(AND | UNLESS) binaryModifiers expression                           # binary
    | expression op=OR binaryModifiers expression                                       # binary
    | LEFT_PAREN expression RIGHT_PAREN                                                 # parenthesized
    | aggregation                                                                       # aggregationExpression
    | functionCall                                                                      # call
    | vectorSelector                                                                    # selector
    | number                                                                            # numberLiteral
    | STRING                                                                            # stringLiteral
    ;

atTime
    : sign=(ADD | SUB)? number
    | START LEFT_PAREN RIGHT_PAREN
    | END LEFT_PAREN RIGHT_PAREN
    ;

binaryModifiers
    : BOOL? vectorMatching?
    ;

vectorMatching
    : (ON | IGNORING) groupingLabels (groupSide=(GROUP_LEFT | GROUP_RIGHT) groupingLabels?)?
    ;

aggregation
    : aggregateOperator grouping functionArguments
    | aggregateOperator functionArguments grouping?
    ;

aggregateOperator
    : SUM | AVG | COUNT | MIN | MAX | GROUP | STDDEV | STDVAR | TOPK | BOTTOMK | COUNT_VALUES
    | QUANTILE | LIMITK | LIMIT_RATIO
    ;

grouping
    : (BY | WITHOUT) groupingLabels
    ;

groupingLabels
    : LEFT_PAREN (groupingLabel (COMMA groupingLabel)* COMMA?)? RIGHT_PAREN
    ;

// A label name in a list may be spelt like a keyword: by (on, group) is valid PromQL.
groupingLabel
    : IDENTIFIER | METRIC_IDENTIFIER | STRING | aggregateOperator
    | AND | OR | UNLESS | ATAN2 | OFFSET | BY | WITHOUT | ON | IGNORING | GROUP_LEFT | GROUP_RIGHT
    | BOOL | START | END
    ;

functionCall
    : name=(IDENTIFIER | START | END) functionArguments
    ;

functionArguments
    : LEFT_PAREN (expression (COMMA expression)*)? RIGHT_PAREN
    ;

vectorSelector
    : metricName labelMatchers?
    | labelMatchers
    ;

// Prometheus lets a metric be named like most keywords, where the context leaves no doubt.
metricName
    : IDENTIFIER | METRIC_IDENTIFIER | aggregateOperator
    | AND | OR | UNLESS | OFFSET | BY | WITHOUT | START | END
    ;

labelMatchers
    : LEFT_BRACE (labelMatcher (COMMA labelMatcher)* COMMA?)? RIGHT_BRACE
    ;

// A lone string inside braces names the metric: {"http.requests", code="500"}.
labelMatcher
    : labelName matchOperator STRING
    | STRING
    ;

labelName
    : LABEL_NAME | STRING
    ;

matchOperator
    : EQL | NEQ | EQL_REGEX | NEQ_REGEX
    ;

number
    : NUMBER | INF | NAN
    ;
