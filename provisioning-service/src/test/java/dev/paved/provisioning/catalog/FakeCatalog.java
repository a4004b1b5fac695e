package dev.paved.provisioning.catalog;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.List;

import dev.paved.api.catalog.v1.Entity;
import dev.paved.api.catalog.v1.GetEntityRequest;
import dev.paved.api.catalog.v1.MutinyCatalogServiceGrpc;
import dev.paved.common.problem.ProblemException;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.quarkus.grpc.GrpcService;
import io.quarkus.grpc.RegisterInterceptor;
import io.smallrye.mutiny.Uni;

/**
 * A catalog-service of the tests, served by the service under test on its own port, so that the
 * team check is a real gRPC call over the wire. It knows the Groups {@link #GROUPS} and remembers
 * the Authorization header of every call.
 */
@GrpcService
@RegisterInterceptor(FakeCatalog.HeaderRecorder.class)
public class FakeCatalog extends MutinyCatalogServiceGrpc.CatalogServiceImplBase {

    public static final Set<String> GROUPS = ConcurrentHashMap.newKeySet();
    public static final List<String> AUTHORIZATIONS = new CopyOnWriteArrayList<>();

    static {
        GROUPS.addAll(Set.of("payments", "search", "platform"));
    }

    @Override
    public Uni<Entity> getEntity(GetEntityRequest request) {
        if (request.getKind().equals("Group") && request.getNamespace().equals("default")
                && GROUPS.contains(request.getName())) {
            return Uni.createFrom().item(Entity.newBuilder().setKind("Group").setNamespace("default")
                    .setName(request.getName()).setJson("{}").build());
        }
        return Uni.createFrom().failure(ProblemException.notFound("ENTITY_NOT_FOUND", "No such entity."));
    }

    @jakarta.enterprise.context.ApplicationScoped
    public static class HeaderRecorder implements ServerInterceptor {

        private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
                Metadata.ASCII_STRING_MARSHALLER);

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                ServerCallHandler<Q, R> next) {
            String authorization = headers.get(AUTHORIZATION);
            AUTHORIZATIONS.add(authorization == null ? "" : authorization);
            return next.startCall(call, headers);
        }
    }
}
