package dev.paved.observability.metrics.domain.promql;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Reading and writing PromQL literals the way Prometheus does: strings with Go's escapes, numbers
 * as Go's {@code ParseInt(s, 0, 64)} then {@code ParseFloat}, durations as {@code 1h30m}. Writing is
 * canonical, so a printed literal can only be read back as the same value.
 */
final class Literals {

    private static final List<String> DURATION_UNITS = List.of("y", "w", "d", "h", "m", "s", "ms");
    private static final long[] DURATION_MILLIS = {365L * 86_400_000, 7L * 86_400_000, 86_400_000, 3_600_000, 60_000,
            1_000, 1};
    private static final Pattern DURATION_PART = Pattern.compile("([0-9]+)(ms|[smhdwy])");
    private static final Pattern DECIMAL_INTEGER = Pattern.compile("[1-9][0-9]*|0");
    private static final Pattern OCTAL_INTEGER = Pattern.compile("0[0-7]+");
    private static final Pattern HEX_INTEGER = Pattern.compile("0[xX][0-9a-fA-F]+");
    private static final BigInteger MAX_INT64 = BigInteger.valueOf(Long.MAX_VALUE);

    private Literals() {
    }

    /** The value of a quoted string token ({@code "…"}, {@code '…'} or {@code `…`}), or null with {@code error} set. */
    static String unquote(String token, StringBuilder error) {
        char quote = token.charAt(0);
        String body = token.substring(1, token.length() - 1);
        if (quote == '`') {
            return body;
        }
        var bytes = new ByteArrayOutputStream(body.length());
        int i = 0;
        while (i < body.length()) {
            int c = body.codePointAt(i);
            if (c != '\\') {
                appendUtf8(bytes, c);
                i += Character.charCount(c);
                continue;
            }
            char escape = body.charAt(i + 1);
            i += 2;
            switch (escape) {
                case 'a' -> bytes.write(7);
                case 'b' -> bytes.write('\b');
                case 'f' -> bytes.write('\f');
                case 'n' -> bytes.write('\n');
                case 'r' -> bytes.write('\r');
                case 't' -> bytes.write('\t');
                case 'v' -> bytes.write(11);
                case '\\' -> bytes.write('\\');
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    Integer value = digits(body, i - 1, 3, 8);
                    if (value == null || value > 255) {
                        error.append("invalid octal escape sequence in string");
                        return null;
                    }
                    bytes.write(value);
                    i += 2;
                }
                case 'x' -> {
                    Integer value = digits(body, i, 2, 16);
                    if (value == null) {
                        error.append("invalid \\x escape sequence in string");
                        return null;
                    }
                    bytes.write(value);
                    i += 2;
                }
                case 'u', 'U' -> {
                    int length = escape == 'u' ? 4 : 8;
                    Integer value = digits(body, i, length, 16);
                    if (value == null || value > Character.MAX_CODE_POINT || value < 0
                            || (value >= 0xD800 && value < 0xE000)) {
                        error.append("escape sequence is an invalid Unicode code point");
                        return null;
                    }
                    appendUtf8(bytes, value);
                    i += length;
                }
                default -> {
                    if (escape != quote) {
                        error.append("unknown escape sequence \\").appendCodePoint(escape).append(" in string");
                        return null;
                    }
                    bytes.write(quote);
                }
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException notUtf8) {
            error.append("string escapes do not form valid UTF-8");
            return null;
        }
    }

    private static Integer digits(String text, int from, int count, int radix) {
        if (from + count > text.length()) {
            return null;
        }
        long value = 0;
        for (int k = from; k < from + count; k++) {
            int digit = Character.digit(text.charAt(k), radix);
            if (digit < 0) {
                return null;
            }
            value = value * radix + digit;
        }
        return value > Integer.MAX_VALUE ? -1 : (int) value;
    }

    private static void appendUtf8(ByteArrayOutputStream bytes, int codePoint) {
        byte[] encoded = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
        bytes.write(encoded, 0, encoded.length);
    }

    /** A double-quoted string that Prometheus reads back as exactly {@code value}. */
    static String quote(String value) {
        var out = new StringBuilder(value.length() + 2).append('"');
        value.codePoints().forEach(c -> {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    // Control characters, and U+FFFD which Prometheus's lexer takes for broken UTF-8.
                    if (c < 0x20 || c == 0x7F || c == 0xFFFD) {
                        out.append(String.format("\\u%04X", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.append('"').toString();
    }

    /** The value of a number token, or null when Prometheus would not accept it. */
    static Double parseNumber(String text) {
        if (text.equalsIgnoreCase("inf")) {
            return Double.POSITIVE_INFINITY;
        }
        if (text.equalsIgnoreCase("nan")) {
            return Double.NaN;
        }
        BigInteger integer = null;
        if (DECIMAL_INTEGER.matcher(text).matches()) {
            integer = new BigInteger(text);
        } else if (OCTAL_INTEGER.matcher(text).matches()) {
            integer = new BigInteger(text, 8);
        } else if (HEX_INTEGER.matcher(text).matches()) {
            integer = new BigInteger(text.substring(2), 16);
            if (integer.compareTo(MAX_INT64) > 0) {
                // Go's ParseFloat reads hexadecimal only with a 'p' exponent.
                return null;
            }
        }
        if (integer != null && integer.compareTo(MAX_INT64) <= 0) {
            return integer.doubleValue();
        }
        double value = Double.parseDouble(text);
        return Double.isInfinite(value) ? null : value;
    }

    /** A number as Prometheus reads it back: integers without a fraction, NaN and Inf by name. */
    static String formatNumber(double value) {
        if (Double.isNaN(value)) {
            return "NaN";
        }
        if (Double.isInfinite(value)) {
            return value > 0 ? "Inf" : "-Inf";
        }
        if (value == 0) {
            return 1 / value < 0 ? "-0" : "0";
        }
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        double magnitude = Math.abs(value);
        if (magnitude >= 1e-6 && magnitude < 1e21) {
            // Double.toString's digits read back as the same double; plain notation reads better.
            return new BigDecimal(Double.toString(value)).stripTrailingZeros().toPlainString();
        }
        return Double.toString(value);
    }

    /**
     * Milliseconds of a duration token such as {@code 1h30m}: units from years down to
     * milliseconds, each at most once and in that order; null when that is not so or it overflows.
     */
    static Long parseDuration(String text) {
        var parts = DURATION_PART.matcher(text);
        long total = 0;
        int lastUnit = -1;
        int end = 0;
        while (parts.find()) {
            if (parts.start() != end) {
                return null;
            }
            end = parts.end();
            int unit = DURATION_UNITS.indexOf(parts.group(2));
            if (unit <= lastUnit) {
                return null;
            }
            lastUnit = unit;
            try {
                total = Math.addExact(total, Math.multiplyExact(Long.parseLong(parts.group(1)), DURATION_MILLIS[unit]));
            } catch (ArithmeticException | NumberFormatException overflow) {
                return null;
            }
        }
        return end == text.length() && lastUnit >= 0 ? total : null;
    }

    /** A duration in milliseconds as Prometheus writes it: {@code 1h30m}, {@code 90d}, {@code 0s}. */
    static String formatDuration(long millis) {
        if (millis == 0) {
            return "0s";
        }
        var out = new StringBuilder();
        long rest = millis;
        for (int unit = 0; unit < DURATION_UNITS.size(); unit++) {
            long size = DURATION_MILLIS[unit];
            // Years and weeks only when exact: 90d reads better than 12w6d.
            if (unit < 2 && rest % size != 0) {
                continue;
            }
            long count = rest / size;
            if (count > 0) {
                out.append(count).append(DURATION_UNITS.get(unit));
                rest -= count * size;
            }
        }
        return out.toString();
    }
}
