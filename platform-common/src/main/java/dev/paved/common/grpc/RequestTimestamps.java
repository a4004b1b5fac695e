package dev.paved.common.grpc;

import java.time.Instant;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Timestamps;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;

/**
 * A {@code google.protobuf.Timestamp} a caller sent, read as an instant. Its definition allows
 * 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z with nanos 0 to 999,999,999; anything else
 * would fail later (an Instant cannot hold it, or PostgreSQL refuses it), so it is refused here,
 * as a REST client's time that is not RFC 3339 is.
 */
public final class RequestTimestamps {

    private RequestTimestamps() {
    }

    /** The instant, or a bad request with {@code code} naming {@code parameter} when the timestamp is out of range. */
    public static Instant instant(Timestamp timestamp, String code, String parameter) {
        if (!Timestamps.isValid(timestamp)) {
            throw ProblemException.badRequest(code, parameter + " is not a valid time.", Violation.parameter(
                    parameter, "must be a time from 0001-01-01T00:00:00Z to 9999-12-31T23:59:59Z, with nanos from 0 "
                            + "to 999999999"));
        }
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }
}
