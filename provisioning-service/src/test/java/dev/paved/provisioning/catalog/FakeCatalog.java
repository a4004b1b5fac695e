package dev.paved.provisioning.catalog;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.api.catalog.v1.DeleteEntityRequest;
import dev.paved.api.catalog.v1.DeleteEntityResponse;
import dev.paved.api.catalog.v1.Entity;
import dev.paved.api.catalog.v1.GetEntityRequest;
import dev.paved.api.catalog.v1.MutinyCatalogServiceGrpc;
import dev.paved.api.catalog.v1.UpsertRequest;
import dev.paved.api.catalog.v1.UpsertResponse;
import dev.paved.common.problem.ProblemException;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GrpcService;
import io.quarkus.grpc.RegisterInterceptor;
import io.smallrye.mutiny.Uni;

/**
 * A catalog-service of the tests, served by the service under test on its own port, so that the
 * team check is a real gRPC call over the wire. It knows the Groups {@link #GROUPS}, remembers the
 * Authorization header of every team lookup, and records every entity upserted and deleted with the
 * Authorization header of its call.
 */
@GrpcService
@RegisterInterceptor(FakeCatalog.HeaderRecorder.class)
public class FakeCatalog extends MutinyCatalogServiceGrpc.CatalogServiceImplBase {

    public static final Set<String> GROUPS = ConcurrentHashMap.newKeySet();
    public static final List<String> AUTHORIZATIONS = new CopyOnWriteArrayList<>();
    public static final List<Written> UPSERTED = new CopyOnWriteArrayList<>();
    public static final List<Written> DELETED = new CopyOnWriteArrayList<>();
    private static final Context.Key<String> CALL_AUTHORIZATION = Context.key("authorization");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An entity written (for a delete: only its kind, namespace and name) and who asked. */
    public record Written(String authorization, JsonNode entity) {

        public String name() {
            return entity.path("metadata").path("name").asText();
        }
    }

    static {
        GROUPS.addAll(Set.of("payments", "search", "platform"));
    }

    @Override
    public Uni<Entity> getEntity(GetEntityRequest request) {
        AUTHORIZATIONS.add(CALL_AUTHORIZATION.get());
        if (request.getKind().equals("Group") && request.getNamespace().equals("default")
                && GROUPS.contains(request.getName())) {
            return Uni.createFrom().item(Entity.newBuilder().setKind("Group").setNamespace("default")
                    .setName(request.getName()).setJson("{}").build());
        }
        return Uni.createFrom().failure(ProblemException.notFound("ENTITY_NOT_FOUND", "No such entity."));
    }

    @Override
    public Uni<UpsertResponse> upsert(UpsertRequest request) {
        String authorization = CALL_AUTHORIZATION.get();
        try {
            JsonNode body = JSON.readTree(request.getBody());
            for (JsonNode entity : body.isArray() ? body : JSON.createArrayNode().add(body)) {
                UPSERTED.add(new Written(authorization, entity));
            }
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(ProblemException.badRequest("INVALID_BODY", e.getOriginalMessage()));
        }
        return Uni.createFrom().item(UpsertResponse.getDefaultInstance());
    }

    @Override
    public Uni<DeleteEntityResponse> deleteEntity(DeleteEntityRequest request) {
        DELETED.add(new Written(CALL_AUTHORIZATION.get(), JSON.createObjectNode().put("kind", request.getKind())
                .set("metadata", JSON.createObjectNode().put("namespace", request.getNamespace())
                        .put("name", request.getName()))));
        return Uni.createFrom().item(DeleteEntityResponse.getDefaultInstance());
    }

    @jakarta.enterprise.context.ApplicationScoped
    public static class HeaderRecorder implements ServerInterceptor {

        private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
                Metadata.ASCII_STRING_MARSHALLER);

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                ServerCallHandler<Q, R> next) {
            String authorization = headers.get(AUTHORIZATION);
            return Contexts.interceptCall(Context.current().withValue(CALL_AUTHORIZATION,
                    authorization == null ? "" : authorization), call, headers, next);
        }
    }
}
