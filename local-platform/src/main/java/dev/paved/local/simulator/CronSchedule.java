package dev.paved.local.simulator;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A CronJob's schedule in the standard five fields (minute, hour, day of month, month, day of week),
 * with lists, ranges, steps, month and weekday names and the {@code @hourly}-style shorthands that
 * Kubernetes accepts. As in cron, when both day fields are restricted a day matching either is a
 * match; when one of them is {@code *}, the other decides.
 */
final class CronSchedule {

    private static final Map<String, String> SHORTHANDS = Map.of("@yearly", "0 0 1 1 *", "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *", "@weekly", "0 0 * * 0", "@daily", "0 0 * * *", "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");
    private static final List<String> MONTHS = List.of("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP",
            "OCT", "NOV", "DEC");
    private static final List<String> WEEKDAYS = List.of("SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT");
    /** Far enough for any valid schedule (February 29th on a Monday recurs within 28 years). */
    private static final int SEARCH_YEARS = 30;

    private final BitSet minutes;
    private final BitSet hours;
    private final BitSet daysOfMonth;
    private final BitSet months;
    private final BitSet daysOfWeek;
    private final boolean anyDayOfMonth;
    private final boolean anyDayOfWeek;

    private CronSchedule(BitSet minutes, BitSet hours, BitSet daysOfMonth, BitSet months, BitSet daysOfWeek,
            boolean anyDayOfMonth, boolean anyDayOfWeek) {
        this.minutes = minutes;
        this.hours = hours;
        this.daysOfMonth = daysOfMonth;
        this.months = months;
        this.daysOfWeek = daysOfWeek;
        this.anyDayOfMonth = anyDayOfMonth;
        this.anyDayOfWeek = anyDayOfWeek;
    }

    /** @throws IllegalArgumentException saying what is wrong with the expression */
    static CronSchedule parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("the schedule is empty");
        }
        String trimmed = expression.trim();
        if (trimmed.startsWith("@")) {
            String expanded = SHORTHANDS.get(trimmed.toLowerCase(Locale.ROOT));
            if (expanded == null) {
                throw new IllegalArgumentException("unrecognized descriptor: " + trimmed);
            }
            trimmed = expanded;
        }
        if (trimmed.startsWith("TZ=") || trimmed.startsWith("CRON_TZ=")) {
            throw new IllegalArgumentException("a time zone in the schedule is not supported; use spec.timeZone");
        }
        String[] fields = trimmed.split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException("expected exactly 5 fields, found " + fields.length + ": " + trimmed);
        }
        BitSet daysOfWeek = field(fields[4], 0, 7, WEEKDAYS, "day of week");
        if (daysOfWeek.get(7)) {
            daysOfWeek.set(0);
            daysOfWeek.clear(7);
        }
        return new CronSchedule(field(fields[0], 0, 59, List.of(), "minute"), field(fields[1], 0, 23, List.of(), "hour"),
                field(fields[2], 1, 31, List.of(), "day of month"), field(fields[3], 1, 12, MONTHS, "month"), daysOfWeek,
                unrestricted(fields[2]), unrestricted(fields[4]));
    }

    private static boolean unrestricted(String field) {
        return field.startsWith("*") || field.startsWith("?");
    }

    private static BitSet field(String text, int min, int max, List<String> names, String what) {
        BitSet values = new BitSet(max + 1);
        for (String item : text.split(",", -1)) {
            if (item.isEmpty()) {
                throw new IllegalArgumentException("an empty item in the " + what + " field: " + text);
            }
            String range = item;
            int step = 1;
            int slash = item.indexOf('/');
            if (slash >= 0) {
                range = item.substring(0, slash);
                step = number(item.substring(slash + 1), names, what, item);
                if (step <= 0) {
                    throw new IllegalArgumentException("step of range should be a positive number: " + item);
                }
            }
            int from;
            int to;
            if (range.equals("*") || range.equals("?")) {
                from = min;
                to = max;
            } else if (range.contains("-")) {
                String[] bounds = range.split("-", 2);
                from = number(bounds[0], names, what, item);
                to = number(bounds[1], names, what, item);
            } else {
                from = number(range, names, what, item);
                to = slash >= 0 ? max : from;
            }
            if (from < min || to > max) {
                throw new IllegalArgumentException(what + " out of range (" + min + "-" + max + "): " + item);
            }
            if (from > to) {
                throw new IllegalArgumentException("beginning of range (" + from + ") beyond end of range (" + to
                        + "): " + item);
            }
            for (int value = from; value <= to; value += step) {
                values.set(value);
            }
        }
        return values;
    }

    private static int number(String text, List<String> names, String what, String item) {
        int named = names.indexOf(text.toUpperCase(Locale.ROOT));
        if (named >= 0) {
            return names == MONTHS ? named + 1 : named;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("failed to parse the " + what + " '" + text + "' in " + item);
        }
    }

    /** The first time strictly after {@code after} that the schedule names, in {@code zone}. */
    Optional<Instant> next(Instant after, ZoneId zone) {
        ZonedDateTime time = after.atZone(zone).truncatedTo(ChronoUnit.MINUTES).plusMinutes(1);
        ZonedDateTime limit = time.plusYears(SEARCH_YEARS);
        while (time.isBefore(limit)) {
            if (!months.get(time.getMonthValue())) {
                time = time.withDayOfMonth(1).truncatedTo(ChronoUnit.DAYS).plusMonths(1);
                continue;
            }
            if (!dayMatches(time)) {
                time = time.truncatedTo(ChronoUnit.DAYS).plusDays(1);
                continue;
            }
            if (!hours.get(time.getHour())) {
                time = time.truncatedTo(ChronoUnit.HOURS).plusHours(1);
                continue;
            }
            if (!minutes.get(time.getMinute())) {
                time = time.plusMinutes(1);
                continue;
            }
            return Optional.of(time.toInstant());
        }
        return Optional.empty();
    }

    private boolean dayMatches(ZonedDateTime time) {
        boolean dayOfMonth = daysOfMonth.get(time.getDayOfMonth());
        boolean dayOfWeek = daysOfWeek.get(time.getDayOfWeek() == DayOfWeek.SUNDAY ? 0 : time.getDayOfWeek().getValue());
        if (anyDayOfMonth || anyDayOfWeek) {
            return dayOfMonth && dayOfWeek;
        }
        return dayOfMonth || dayOfWeek;
    }
}
