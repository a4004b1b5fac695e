/* The tokens of PromQL; see PromQLParser.g4. */
lexer grammar PromQLLexer;

// Lexer, outside braces and brackets.

ADD: '+';
SUB: '-';
MUL: '*';
DIV: '/';
MOD: '%';
POW: '^';
EQLC: '==';
NEQ: '!=';
LTE: '<=';
LSS: '<';
GTE: '>=';
GTR: '>';
AT: '@';
COMMA: ',';
LEFT_PAREN: '(';
RIGHT_PAREN: ')';
LEFT_BRACE: '{' -> pushMode(BRACES);
LEFT_BRACKET: '[' -> pushMode(BRACKETS);

AND: A N D;
OR: O R;
UNLESS: U N L E S S;
ATAN2: A T A N '2';
SUM: S U M;
AVG: A V G;
COUNT: C O U N T;
MIN: M I N;
MAX: M A X;
GROUP: G R O U P;
STDDEV: S T D D E V;
STDVAR: S T D V A R;
TOPK: T O P K;
BOTTOMK: B O T T O M K;
COUNT_VALUES: C O U N T '_' V A L U E S;
QUANTILE: Q U A N T I L E;
LIMITK: L I M I T K;
LIMIT_RATIO: L I M I T '_' R A T I O;
OFFSET: O F F S E T;
BY: B Y;
WITHOUT: W I T H O U T;
ON: O N;
IGNORING: I G N O R I N G;
GROUP_LEFT: G R O U P '_' L E F T;
GROUP_RIGHT: G R O U P '_' R I G H T;
BOOL: B O O L;
START: S T A R T;
END: E N D;
INF: I N F;
NAN: N A N;

DURATION: DURATION_PART+;
NUMBER
    : [0-9]+ ('.' [0-9]*)? EXPONENT?
    | '.' [0-9]+ EXPONENT?
    | '0' [xX] [0-9a-fA-F]+
    ;
IDENTIFIER: [a-zA-Z_] [a-zA-Z0-9_]*;
METRIC_IDENTIFIER: [a-zA-Z_:] [a-zA-Z0-9_:]*;
STRING: QUOTED_STRING;
UNTERMINATED_STRING: UNTERMINATED;

COMMENT: '#' ~[\r\n]* -> skip;
WHITESPACE: [ \t\r\n]+ -> skip;
UNEXPECTED_CHARACTER: .;

mode BRACES;

LABEL_NAME: [a-zA-Z_] [a-zA-Z0-9_]*;
EQL_REGEX: '=~';
NEQ_REGEX: '!~';
EQL: '=';
BRACES_NEQ: '!=' -> type(NEQ);
BRACES_COMMA: ',' -> type(COMMA);
BRACES_STRING: QUOTED_STRING -> type(STRING);
BRACES_UNTERMINATED_STRING: UNTERMINATED -> type(UNTERMINATED_STRING);
RIGHT_BRACE: '}' -> popMode;
BRACES_COMMENT: '#' ~[\r\n]* -> skip;
BRACES_WHITESPACE: [ \t\r\n]+ -> skip;
BRACES_UNEXPECTED_CHARACTER: . -> type(UNEXPECTED_CHARACTER);

mode BRACKETS;

BRACKETS_DURATION: DURATION_PART+ -> type(DURATION);
COLON: ':';
RIGHT_BRACKET: ']' -> popMode;
BRACKETS_COMMENT: '#' ~[\r\n]* -> skip;
BRACKETS_WHITESPACE: [ \t\r\n]+ -> skip;
BRACKETS_UNEXPECTED_CHARACTER: . -> type(UNEXPECTED_CHARACTER);

fragment DURATION_PART: [0-9]+ ('ms' | [smhdwy]);
fragment EXPONENT: [eE] [+-]? [0-9]+;
// Escapes are checked when the string is decoded, with the position of a bad one.
fragment QUOTED_STRING
    : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"'
    | '\'' (~['\\\r\n] | '\\' ~[\r\n])* '\''
    | '`' ~'`'* '`'
    ;
fragment UNTERMINATED
    : '"' (~["\\\r\n] | '\\' ~[\r\n])* '\\'?
    | '\'' (~['\\\r\n] | '\\' ~[\r\n])* '\\'?
    | '`' ~'`'*
    ;
fragment A: [aA];
fragment B: [bB];
fragment C: [cC];
fragment D: [dD];
fragment E: [eE];
fragment F: [fF];
fragment G: [gG];
fragment H: [hH];
fragment I: [iI];
fragment K: [kK];
fragment L: [lL];
fragment M: [mM];
fragment N: [nN];
fragment O: [oO];
fragment P: [pP];
fragment Q: [qQ];
fragment R: [rR];
fragment S: [sS];
fragment T: [tT];
fragment U: [uU];
fragment V: [vV];
fragment W: [wW];
fragment X: [xX];
fragment Y: [yY];
