package dev.paved.gateway.api.catalog;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import dev.paved.api.catalog.v1.ChangesRequest;
import dev.paved.api.catalog.v1.MutinyCatalogServiceGrpc.MutinyCatalogServiceStub;
import dev.paved.api.catalog.v1.WatchRefsRequest;
import dev.paved.gateway.config.GatewayConfig;
import dev.paved.gateway.domain.CatalogReadCache;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.OidcClientConfigBuilder;
import io.quarkus.oidc.client.OidcClients;
import io.quarkus.oidc.client.Tokens;
import io.quarkus.oidc.client.runtime.OidcClientConfig.Grant;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Vertx;

/**
 * Follows catalog-service's change stream with the gateway's own token (client credentials) and
 * evicts from the read cache every entity a change names. It asks the catalog for its latest
 * committed revision, starts caching, then watches from that revision, so no change after the
 * first cached read can be missed. While the stream is down nothing is cached; it is followed again
 * after {@code paved.gateway.catalog-cache.retry-after}. It has a channel of its own
 * ({@code catalog-changes}), so that its attempts while the catalog is down never put the channel of
 * callers' requests into reconnect backoff, and it waits for that channel to be ready.
 */
@ApplicationScoped
public class CatalogChangeFollower {

    private static final Logger LOG = Logger.getLogger(CatalogChangeFollower.class);
    /** How long asking where to start may wait for the catalog, before trying again from the top. */
    private static final Duration LATEST_REVISION_DEADLINE = Duration.ofSeconds(30);
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
            Metadata.ASCII_STRING_MARSHALLER);

    private final MutinyCatalogServiceStub catalog;
    private final CatalogReadCache cache;
    private final OidcClients oidcClients;
    private final GatewayConfig.ServiceClient serviceClient;
    private final String issuer;
    private final Duration retryAfter;
    private final Vertx vertx;
    private volatile OidcClient tokenClient;
    private volatile boolean stopped;

    public CatalogChangeFollower(@GrpcClient("catalog-changes") MutinyCatalogServiceStub catalog, CatalogReadCache cache,
            OidcClients oidcClients, GatewayConfig config,
            @ConfigProperty(name = "quarkus.oidc.auth-server-url") String issuer, Vertx vertx) {
        this.catalog = catalog;
        this.cache = cache;
        this.oidcClients = oidcClients;
        this.serviceClient = config.client();
        this.issuer = issuer;
        this.retryAfter = config.catalogCache().retryAfter();
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        if (cache.isEnabled()) {
            follow();
        }
    }

    /**
     * The stream ends when the gRPC channels close at shutdown, and its end goes to {@link #broken},
     * which then does nothing. Cancelling it here instead would leave that end with no subscriber,
     * reported as an error after shutdown.
     */
    void stop(@Observes ShutdownEvent event) {
        stopped = true;
    }

    private void follow() {
        if (stopped) {
            return;
        }
        serviceToken().chain(token -> asGateway(token).withDeadlineAfter(LATEST_REVISION_DEADLINE.toMillis(),
                TimeUnit.MILLISECONDS).changes(ChangesRequest.newBuilder().setSince(Long.MAX_VALUE).build())
                .invoke(latest -> watchFrom(token, latest.getLatestRevision())))
                .subscribe().with(started -> { }, this::broken);
    }

    private void watchFrom(String token, long revision) {
        cache.following();
        LOG.infof("Following the catalog's changes from revision %d; reads by ref are cached", revision);
        // Evicting needs only the refs, many to a message: a large ingest is a few messages, not one per entity.
        WatchRefsRequest request = WatchRefsRequest.newBuilder().setSince(revision).build();
        asGateway(token).watchRefs(request).subscribe().with(
                changed -> changed.getRefsList().forEach(ref -> cache.evict(CatalogReadCache.keyOf(ref))),
                this::broken,
                () -> broken(new IllegalStateException("the catalog ended the change stream")));
    }

    private void broken(Throwable failure) {
        if (stopped) {
            // The application's beans are going away: touching the cache would only make it anew.
            return;
        }
        boolean wasFollowing = cache.isFollowing();
        cache.notFollowing();
        if (wasFollowing) {
            LOG.warnf("Stopped following the catalog's changes (%s); reads by ref go to the catalog until it "
                    + "works again, retrying every %s", failure.getMessage(), retryAfter);
        } else {
            LOG.debugf("Cannot follow the catalog's changes yet (%s); retrying in %s", failure.getMessage(), retryAfter);
        }
        vertx.setTimer(retryAfter.toMillis(), timer -> follow());
    }

    private Uni<String> serviceToken() {
        OidcClient client = tokenClient;
        Uni<OidcClient> ready = client != null ? Uni.createFrom().item(client)
                : oidcClients.newClient(new OidcClientConfigBuilder().id("paved-gateway").authServerUrl(issuer)
                        .clientId(serviceClient.id().orElseThrow())
                        .credentials(serviceClient.secret().orElseThrow())
                        .grant(Grant.Type.CLIENT).build())
                        .invoke(created -> tokenClient = created);
        return ready.chain(OidcClient::getTokens).map(Tokens::getAccessToken);
    }

    private MutinyCatalogServiceStub asGateway(String token) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + token);
        return catalog.withWaitForReady().withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }
}
