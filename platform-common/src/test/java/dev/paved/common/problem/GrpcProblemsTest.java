package dev.paved.common.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

class GrpcProblemsTest {

    @Test
    void problemSurvivesTheTripThroughAGrpcStatus() {
        Problem sent = Problem.of(422, "UNKNOWN_TEAM", "No team named x.", "req-1",
                List.of(Violation.at("/team", "no such group"), Violation.parameter("stage", "unknown"),
                        Violation.at("/image", "not allowed").withCode("allowed-registries")));
        StatusRuntimeException status = GrpcProblems.toStatus(sent);

        assertEquals(Status.Code.INVALID_ARGUMENT, status.getStatus().getCode());
        assertEquals("UNKNOWN_TEAM: No team named x.", status.getStatus().getDescription());
        Problem received = GrpcProblems.fromStatus(status.getStatus(), status.getTrailers(), "req-2");
        assertEquals(422, received.status());
        assertEquals("UNKNOWN_TEAM", received.code());
        assertEquals("https://paved.dev/problems/unknown-team", received.type());
        assertEquals("Unprocessable Content", received.title());
        assertEquals("req-2", received.instance(), "the receiving side's request id is the instance");
        assertEquals(sent.errors(), received.errors());
    }

    @Test
    void aPointerToTheWholeBodySurvivesTheTripThoughProtoHasNoAbsentString() {
        Problem sent = Problem.of(400, "EMPTY_BODY", "The request body holds no entity.", "req-1",
                List.of(Violation.at("", "must hold at least one entity")));
        StatusRuntimeException status = GrpcProblems.toStatus(sent);

        Problem received = GrpcProblems.fromStatus(status.getStatus(), status.getTrailers(), "req-2");
        assertEquals(sent.errors(), received.errors());
    }

    @Test
    void aDetailThatRepeatsHugeInputIsCutSoTheStatusAndItsTrailerStayWithinAClientsMetadataLimit() {
        String name = "\u00e9x ".repeat(100_000);
        Problem sent = Problem.of(404, "ENVIRONMENT_NOT_FOUND", "There is no environment '" + name + "'.", "req-1",
                List.of(Violation.parameter("name", "is not " + name)));
        StatusRuntimeException status = GrpcProblems.toStatus(sent);

        byte[] trailer = status.getTrailers().get(GrpcProblems.PROBLEM_TRAILER).toByteArray();
        String description = status.getStatus().getDescription();
        assertTrue(trailer.length <= GrpcProblems.PROBLEM_LIMIT, trailer.length + " bytes");
        assertTrue(description.startsWith("ENVIRONMENT_NOT_FOUND: There is no environment '\u00e9x "), description);
        assertTrue(description.endsWith("\u2026"), description);
        Problem received = GrpcProblems.fromStatus(status.getStatus(), status.getTrailers(), "req-2");
        assertEquals(GrpcProblems.DETAIL_LIMIT, received.detail().length());
        assertEquals(GrpcProblems.FIELD_LIMIT, received.errors().get(0).message().length());
    }

    @Test
    void bareStatusesMapToMatchingHttpProblems() {
        assertEquals(503, GrpcProblems.fromStatus(Status.UNAVAILABLE, new Metadata(), null).status());
        assertEquals(504, GrpcProblems.fromStatus(Status.DEADLINE_EXCEEDED, null, null).status());
        assertEquals(401, GrpcProblems.fromStatus(Status.UNAUTHENTICATED, null, null).status());
        assertEquals(403, GrpcProblems.fromStatus(Status.PERMISSION_DENIED, null, null).status());
        assertEquals(404, GrpcProblems.fromStatus(Status.NOT_FOUND, null, null).status());
    }

    /** What a transport says of a message over its size limit; the services' own RESOURCE_EXHAUSTED carry a problem. */
    @Test
    void aBareResourceExhaustedIsAnUpstreamFailureNotARateLimitToWaitOut() {
        Problem problem = GrpcProblems.fromStatus(
                Status.RESOURCE_EXHAUSTED.withDescription("gRPC message exceeds maximum size 4194304: 5289088"),
                new Metadata(), "r");

        assertEquals(502, problem.status());
        assertEquals("UPSTREAM_ERROR", problem.code());
    }

    @Test
    void serverErrorsOfPeersDoNotLeakTheirDescription() {
        Problem problem = GrpcProblems.fromStatus(
                Status.INTERNAL.withDescription("java.lang.NullPointerException at Foo.java:12"), null, "r");
        assertEquals(502, problem.status());
        assertFalse(problem.detail().contains("NullPointerException"));
    }

    @Test
    void httpStatusesMapToTheGrpcCodesClientsExpect() {
        assertEquals(Status.Code.NOT_FOUND, GrpcProblems.grpcStatusOf(404).getCode());
        assertEquals(Status.Code.PERMISSION_DENIED, GrpcProblems.grpcStatusOf(403).getCode());
        assertEquals(Status.Code.ALREADY_EXISTS, GrpcProblems.grpcStatusOf(409).getCode());
        assertEquals(Status.Code.FAILED_PRECONDITION, GrpcProblems.grpcStatusOf(412).getCode());
        assertEquals(Status.Code.RESOURCE_EXHAUSTED, GrpcProblems.grpcStatusOf(429).getCode());
        assertEquals(Status.Code.INTERNAL, GrpcProblems.grpcStatusOf(500).getCode());
    }
}
