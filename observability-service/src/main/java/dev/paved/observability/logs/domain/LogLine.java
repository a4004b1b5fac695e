package dev.paved.observability.logs.domain;

import java.time.Instant;

/** One line a container wrote; {@code time} when timestamps were asked for and the line carries one. */
public record LogLine(String pod, String container, String line, Instant time) {
}
