package dev.paved.local.simulator;

import java.time.Duration;

/** Durations written as Go writes them ({@code 10s}, {@code 1m20s}, {@code 5m0s}, {@code 250ms}), as the kubelet's messages carry them. */
final class GoDuration {

    private GoDuration() {
    }

    static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + "ms";
        }
        long hours = duration.toHours();
        long minutes = duration.toMinutesPart();
        double seconds = duration.toSecondsPart() + duration.toMillisPart() / 1000.0;
        String secondsText = seconds == Math.floor(seconds) ? Long.toString((long) seconds)
                : Double.toString(seconds).replaceAll("0+$", "");
        if (hours > 0) {
            return hours + "h" + minutes + "m" + secondsText + "s";
        }
        if (minutes > 0) {
            return minutes + "m" + secondsText + "s";
        }
        return secondsText + "s";
    }
}
