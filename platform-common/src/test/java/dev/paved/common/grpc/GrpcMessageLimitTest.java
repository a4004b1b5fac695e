package dev.paved.common.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.protobuf.InvalidProtocolBufferException;

import dev.paved.common.problem.GrpcProblems;
import dev.paved.common.problem.Problem;
import io.vertx.core.MultiMap;

class GrpcMessageLimitTest {

    private final GrpcMessageLimit limit = new GrpcMessageLimit(67_108_864);

    private static Problem problemIn(MultiMap headers) throws InvalidProtocolBufferException {
        return GrpcProblems.fromProto(dev.paved.api.common.v1.Problem.parseFrom(
                Base64.getDecoder().decode(headers.get(GrpcProblems.PROBLEM_TRAILER.name()))));
    }

    @Test
    void theTransportsBareRefusalOfALargeMessageGetsThePayloadTooLargeProblem() throws Exception {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("grpc-status", "8");

        limit.explainRefusal(headers, "req-1");

        assertEquals("8", headers.get("grpc-status"));
        assertEquals("PAYLOAD_TOO_LARGE: The request message is larger than the limit of 67108864 bytes.",
                headers.get("grpc-message").replace("%3A", ":"));
        Problem problem = problemIn(headers);
        assertEquals(413, problem.status());
        assertEquals("PAYLOAD_TOO_LARGE", problem.code());
        assertEquals("req-1", problem.instance());
    }

    @Test
    void anAnswerThatCarriesAProblemOrAnotherStatusIsLeftAsItIs() throws Exception {
        Problem rateLimited = Problem.of(429, "RATE_LIMITED", "Slow down.", "req-2", List.of());
        MultiMap limited = MultiMap.caseInsensitiveMultiMap().addAll(GrpcProblems.headersOf(rateLimited));
        MultiMap ok = MultiMap.caseInsensitiveMultiMap().add("grpc-status", "0");

        limit.explainRefusal(limited, "req-2");
        limit.explainRefusal(ok, "req-3");

        assertEquals("RATE_LIMITED", problemIn(limited).code());
        assertEquals(List.of("grpc-status"), ok.names().stream().toList());
    }
}
