package dev.paved.gateway.api.deployments;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The native workload spec, as the contract describes it. The gateway passes the body on as it came;
 * provisioning-service validates it and reports every unknown or invalid field with its pointer, so
 * this shape describes rather than restricts.
 */
@Schema(name = "WorkloadSpec", additionalProperties = Schema.True.class, description = "What a workload needs; "
        + "its golden path adds the rest (RBAC, hardening, monitoring, scaling). Unknown fields are answered 422 "
        + "with their pointers.")
public record WorkloadSpec(
        @Schema(required = true, description = "The workload's name, a DNS-1123 label.", examples = "checkout")
        String name,
        @Schema(description = "web-service unless given.", examples = "web-service") String goldenPath,
        @Schema(description = "The golden path's latest version unless given.", examples = "1.0.0")
        String goldenPathVersion,
        @Schema(required = true, description = "An image from an allowed registry, with a tag or a digest.",
                examples = "ghcr.io/acme/checkout:1.4.2") String image,
        List<String> command,
        List<String> args,
        @Schema(minimum = "0", maximum = "1000") Integer replicas,
        List<Port> ports,
        @Schema(description = "Environment variables; passed through a ConfigMap.") Map<String, String> variables,
        @Schema(description = "Environment variables taken from Secrets, by variable name.")
        Map<String, SecretRef> secretRefs,
        @Schema(description = "Files mounted into the container; passed through a ConfigMap.") List<File> files,
        Resources resources,
        Probe livenessProbe,
        Probe readinessProbe,
        @Schema(type = SchemaType.OBJECT, additionalProperties = Schema.True.class,
                description = "Values for the golden path's parametersSchema.") Map<String, Object> parameters,
        @Schema(description = "Copied onto the workload's objects (paved.dev/component names its catalog "
                + "Component).") Map<String, String> annotations,
        @Schema(description = "Resources provisioned for the workload, by name; their outputs are available to "
                + "placeholders.") Map<String, Provision> provisions) {

    @Schema(name = "WorkloadPort")
    public record Port(@Schema(required = true) String name,
            @Schema(required = true, minimum = "1", maximum = "65535") int port,
            @Schema(minimum = "1", maximum = "65535", description = "port unless given.") Integer targetPort,
            @Schema(enumeration = { "TCP", "UDP" }, description = "TCP unless given.") String protocol) {
    }

    @Schema(name = "WorkloadSecretRef", description = "A key of a Secret in the environment's namespace.")
    public record SecretRef(@Schema(required = true) String secret, @Schema(required = true) String key) {
    }

    @Schema(name = "WorkloadFile")
    public record File(@Schema(required = true, examples = "/etc/app/config.yaml") String path,
            @Schema(required = true) String content,
            @Schema(description = "Octal file mode.", examples = "0644") String mode) {
    }

    @Schema(name = "WorkloadResources", description = "Required by the guardrails: requests and limits.")
    public record Resources(Quantities requests, Quantities limits) {
    }

    @Schema(name = "ResourceQuantities")
    public record Quantities(@Schema(examples = "250m") String cpu, @Schema(examples = "256Mi") String memory) {
    }

    @Schema(name = "WorkloadProbe", description = "One of httpGet and exec.")
    public record Probe(HttpGet httpGet, Exec exec, @Schema(minimum = "0") Integer initialDelaySeconds,
            @Schema(minimum = "1") Integer periodSeconds) {
    }

    @Schema(name = "HttpGetProbe")
    public record HttpGet(@Schema(required = true, examples = "/healthz") String path,
            @Schema(required = true, minimum = "1", maximum = "65535") int port) {
    }

    @Schema(name = "ExecProbe")
    public record Exec(@Schema(required = true) List<String> command) {
    }

    @Schema(name = "ProvisionedResource", description = "A resource a provisioner of the platform creates.")
    public record Provision(
            @Schema(required = true, examples = "postgres", description = "The provisioner: route, dns, volume, "
                    + "postgres, or one the platform team configured.") String type,
            @JsonProperty("class") String resourceClass,
            @Schema(description = "Shares the resource between workloads that name the same id.") String id,
            @Schema(type = SchemaType.OBJECT, additionalProperties = Schema.True.class,
                    description = "The provisioner's parameters.") Map<String, Object> params) {
    }
}
