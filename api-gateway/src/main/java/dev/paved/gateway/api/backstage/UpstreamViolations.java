package dev.paved.gateway.api.backstage;

import java.util.Map;
import java.util.function.UnaryOperator;

import dev.paved.common.problem.GrpcProblems;
import dev.paved.common.problem.Problem;
import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.common.web.RequestIds;
import io.grpc.StatusRuntimeException;
import io.smallrye.mutiny.Uni;

/**
 * catalog-service's violations name the parts of its own requests (Paved's bodies and parameters);
 * a Backstage call fills those from parts of its own request that are named or nested otherwise, so
 * each violation is renamed to the part of the Backstage request it came from.
 */
final class UpstreamViolations {

    private UpstreamViolations() {
    }

    /** Body violations at a pointer of {@code renamed}'s keys point at its value instead. */
    static <T> Uni<T> renamingPointers(Uni<T> call, Map<String, String> renamed) {
        return renaming(call, violation -> violation.pointer() != null && renamed.containsKey(violation.pointer())
                ? new Violation(renamed.get(violation.pointer()), null, violation.message(), violation.code())
                : violation);
    }

    /** Violations of the parameter {@code from} name the parameter {@code to} instead. */
    static <T> Uni<T> renamingParameter(Uni<T> call, String from, String to) {
        return renaming(call, violation -> from.equals(violation.parameter())
                ? new Violation(null, to, violation.message(), violation.code())
                : violation);
    }

    private static <T> Uni<T> renaming(Uni<T> call, UnaryOperator<Violation> rename) {
        return call.onFailure(StatusRuntimeException.class).transform(failure -> {
            StatusRuntimeException status = (StatusRuntimeException) failure;
            Problem problem = GrpcProblems.fromStatus(status.getStatus(), status.getTrailers(), RequestIds.current());
            if (problem.errors() == null || problem.errors().isEmpty()) {
                return failure;
            }
            return new ProblemException(problem.status(), problem.code(), problem.detail(),
                    problem.errors().stream().map(rename).toList());
        });
    }
}
