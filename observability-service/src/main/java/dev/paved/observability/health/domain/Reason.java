package dev.paved.observability.health.domain;

/**
 * Why a workload has the health it has.
 *
 * @param reason  a stable code ({@code CrashLoopBackOff}, {@code RolloutInProgress}, ...)
 * @param message what happened, in words
 * @param object  the object the reason is about, as {@code Kind/name} ({@code Pod/web-7d9f-abc})
 */
public record Reason(String reason, String message, String object) {
}
