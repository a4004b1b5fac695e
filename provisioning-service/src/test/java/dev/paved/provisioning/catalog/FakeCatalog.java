package dev.paved.provisioning.catalog;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
import dev.paved.common.problem.Violation;
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
    /** The catalog's default {@code paved.catalog.max-document-bytes}. */
    private static final int MAX_ENTITY_BYTES = 262_144;

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

    /**
     * Writes nothing of a dry run, nor of a request with an entity over the catalog's default entity
     * limit, which it refuses as the catalog does: 422 {@code INVALID_ENTITIES}, pointing at each.
     */
    @Override
    public Uni<UpsertResponse> upsert(UpsertRequest request) {
        String authorization = CALL_AUTHORIZATION.get();
        JsonNode body;
        try {
            body = JSON.readTree(request.getBody());
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(ProblemException.badRequest("INVALID_BODY", e.getOriginalMessage()));
        }
        List<JsonNode> entities = new ArrayList<>();
        (body.isArray() ? body : JSON.createArrayNode().add(body)).forEach(entities::add);
        List<Violation> tooLarge = new ArrayList<>();
        for (int i = 0; i < entities.size(); i++) {
            int bytes = entities.get(i).toString().getBytes(StandardCharsets.UTF_8).length;
            if (bytes > MAX_ENTITY_BYTES) {
                tooLarge.add(Violation.at("/" + i, "is " + bytes + " bytes as JSON; an entity may have at most "
                        + MAX_ENTITY_BYTES));
            }
        }
        if (!tooLarge.isEmpty()) {
            return Uni.createFrom().failure(ProblemException.invalid("INVALID_ENTITIES",
                    tooLarge.size() + " problem(s); nothing was written.", tooLarge));
        }
        if (!request.getDryRun()) {
            entities.forEach(entity -> UPSERTED.add(new Written(authorization, entity)));
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
