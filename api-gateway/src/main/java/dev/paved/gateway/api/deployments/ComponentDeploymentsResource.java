package dev.paved.gateway.api.deployments;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import dev.paved.api.provisioning.v1.DeploymentService;
import dev.paved.api.provisioning.v1.ListComponentDeploymentsRequest;
import dev.paved.common.security.Callers;
import dev.paved.common.security.OnBehalfOfCaller;
import dev.paved.gateway.api.ProblemDocumentation;
import dev.paved.gateway.api.observability.ComponentHealth;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;

/**
 * Where a catalog Component runs, answered by provisioning-service, and how it is doing there, answered
 * by observability-service in the same call. The whole path is this class's, so
 * that the catalog's routes under /api/v1/catalog/entities/{kind}/{namespace}/{name} keep theirs.
 */
@Path("/api/v1/catalog/entities/component/{namespace}/{name}/deployments")
@APIResponse(responseCode = "502", ref = ProblemDocumentation.UPSTREAM_ERROR)
@APIResponse(responseCode = "503", ref = ProblemDocumentation.UPSTREAM_UNAVAILABLE)
@APIResponse(responseCode = "504", ref = ProblemDocumentation.UPSTREAM_TIMEOUT)
@Tag(name = "Deployments")
public class ComponentDeploymentsResource {

    private final DeploymentService deployments;
    private final OnBehalfOfCaller onBehalf;
    private final Callers callers;
    private final ComponentHealth health;

    public ComponentDeploymentsResource(@GrpcClient("provisioning") DeploymentService deployments,
            OnBehalfOfCaller onBehalf, Callers callers, ComponentHealth health) {
        this.deployments = deployments;
        this.onBehalf = onBehalf;
        this.callers = callers;
        this.health = health;
    }

    private DeploymentService deployments() {
        callers.current();
        return onBehalf.client(deployments);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(operationId = "getComponentDeployments", summary = "Where a Component runs",
            description = "The environments the Component's workloads run in, each workload with its current "
                    + "revision and rollout; only the workloads the caller may see. A workload belongs to the "
                    + "Component named by its application or by its paved.dev/component annotation. Each environment "
                    + "has the health of the Component's workloads there (the worst of theirs), and the Component "
                    + "the worst of its environments'; an environment whose health observability-service could not "
                    + "tell in time is Unknown, and the answer still comes.")
    @APIResponse(responseCode = "200", description = "The workloads by environment; none when it runs nowhere.",
            content = @Content(mediaType = MediaType.APPLICATION_JSON,
                    schema = @Schema(implementation = DeploymentJson.ComponentDeployments.class)))
    public Uni<DeploymentJson.ComponentDeployments> list(@PathParam("namespace") String namespace,
            @PathParam("name") String name) {
        ListComponentDeploymentsRequest request = ListComponentDeploymentsRequest.newBuilder()
                .setNamespace(namespace).setName(name).build();
        DeploymentService provisioning = deployments();
        ComponentHealth.Observer observer = health.forCaller();
        return provisioning.listComponentDeployments(request)
                .map(answer -> DeploymentJson.ComponentDeployments.of("component:" + namespace + "/" + name,
                        answer.getWorkloadsList()))
                .flatMap(observer::rolledUp);
    }
}
