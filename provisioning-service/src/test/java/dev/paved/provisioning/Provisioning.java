package dev.paved.provisioning;

import java.time.Duration;
import java.util.UUID;

import dev.paved.api.provisioning.v1.CreateEnvironmentRequest;
import dev.paved.api.provisioning.v1.GetOperationRequest;
import dev.paved.api.provisioning.v1.Operation;
import dev.paved.api.provisioning.v1.OperationState;
import dev.paved.testing.TestTokens;

/** What most provisioning tests do: tokens, fresh names, a create, waiting for an operation to end. */
public final class Provisioning {

    public static final String ADMIN = TestTokens.user("root").role("platform-admin").sign();

    private Provisioning() {
    }

    public static String member(String team) {
        return TestTokens.user("dev-" + team).team(team).sign();
    }

    /** An application name no other test uses. */
    public static String freshApplication() {
        return "app-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static Operation create(String token, String team, String application, String stage) {
        return GrpcClients.environments(token).createEnvironment(CreateEnvironmentRequest.newBuilder()
                .setTeam(team).setApplication(application).setStage(stage).build());
    }

    public static Operation awaitFinal(String operationId) {
        return Awaiting.until(Duration.ofSeconds(30),
                () -> GrpcClients.operations(ADMIN).getOperation(GetOperationRequest.newBuilder().setId(operationId)
                        .build()),
                operation -> operation.getState() == OperationState.OPERATION_STATE_SUCCEEDED
                        || operation.getState() == OperationState.OPERATION_STATE_FAILED
                        || operation.getState() == OperationState.OPERATION_STATE_CANCELLED);
    }
}
