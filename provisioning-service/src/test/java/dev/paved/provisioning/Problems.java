package dev.paved.provisioning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.function.Executable;

import dev.paved.common.problem.GrpcProblems;
import dev.paved.common.problem.Problem;
import io.grpc.StatusRuntimeException;

/** Asserts that a gRPC call fails with a given problem. */
public final class Problems {

    private Problems() {
    }

    public static Problem assertProblem(int status, String code, Executable call) {
        StatusRuntimeException failure = assertThrows(StatusRuntimeException.class, call);
        Problem problem = GrpcProblems.fromStatus(failure.getStatus(), failure.getTrailers(), null);
        assertEquals(code, problem.code(), problem.toString());
        assertEquals(status, problem.status(), problem.toString());
        return problem;
    }
}
