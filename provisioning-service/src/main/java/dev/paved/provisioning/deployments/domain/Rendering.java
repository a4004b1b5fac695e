package dev.paved.provisioning.deployments.domain;

import java.util.List;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The objects of one deployment in the order they are applied, the databases and roles its
 * resources claim, and {@code digest}: {@code sha256:} of the manifests' canonical JSON, equal
 * for equal renderings.
 */
public record Rendering(List<ObjectNode> manifests, List<ProvisionedResource> provisioned, String digest) {

    /** The most CPU and memory the rendered workload may take. */
    public Footprint footprint() {
        return Footprint.of(manifests);
    }
}
