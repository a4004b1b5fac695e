package dev.paved.provisioning.catalog;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import dev.paved.api.catalog.v1.CatalogServiceGrpc;
import dev.paved.api.catalog.v1.GetEntityRequest;
import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.common.security.OnBehalfOfCaller;
import dev.paved.provisioning.config.ProvisioningConfig;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;

/**
 * Teams are catalog Groups: catalog-service is asked, on behalf of the caller, whether one exists.
 * A team found is remembered for a while (teams come and go rarely, requests for one team come in
 * bursts); a team not found is asked about again every time.
 */
@ApplicationScoped
public class CatalogTeams {

    private static final Logger LOG = Logger.getLogger(CatalogTeams.class);

    private final CatalogServiceGrpc.CatalogServiceBlockingStub catalog;
    private final OnBehalfOfCaller onBehalfOfCaller;
    private final Duration deadline;
    private final Duration remembered;
    private final Map<String, Instant> knownUntil = new ConcurrentHashMap<>();

    public CatalogTeams(@GrpcClient("catalog") CatalogServiceGrpc.CatalogServiceBlockingStub catalog,
            OnBehalfOfCaller onBehalfOfCaller, ProvisioningConfig config) {
        this.catalog = catalog;
        this.onBehalfOfCaller = onBehalfOfCaller;
        this.deadline = config.catalog().deadline();
        this.remembered = config.catalog().teamCacheTtl();
    }

    /** Answers 422 UNKNOWN_TEAM when the catalog has no Group of that name. */
    public void requireExists(String team) {
        Instant now = Instant.now();
        Instant until = knownUntil.get(team);
        if (until != null && until.isAfter(now)) {
            return;
        }
        try {
            // Waiting for the channel, within the deadline, rides out a reconnection to the catalog (its
            // restart, or this service starting first) instead of failing at once.
            onBehalfOfCaller.client(catalog).withWaitForReady().withDeadlineAfter(deadline.toMillis(),
                    TimeUnit.MILLISECONDS)
                    .getEntity(GetEntityRequest.newBuilder().setKind("Group").setNamespace("default").setName(team)
                            .build());
            knownUntil.put(team, now.plus(remembered));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                throw ProblemException.invalid("UNKNOWN_TEAM", "The catalog has no team (Group) '" + team + "'.",
                        List.of(Violation.at("/team", "is not a Group in the catalog")));
            }
            LOG.warnf("asking the catalog for team %s failed: %s", team, e.getStatus());
            throw new ProblemException(503, "CATALOG_UNAVAILABLE",
                    "The catalog could not confirm that team '" + team + "' exists; try again.");
        }
    }
}
