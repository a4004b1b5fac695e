package dev.paved.provisioning.deployments.domain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.paved.common.problem.Violation;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.networking.v1.IngressBuilder;

/**
 * The built-in provisioners: what each resource of a spec renders (an Ingress, a
 * PersistentVolumeClaim, nothing), what it claims outside Kubernetes (a database), and the values
 * of its outputs, which are plain or, for credentials, keys of a Secret.
 */
final class ResourceProvisioners {

    /** An output's value: plain text, or the key of a Secret. */
    record Output(String value, String secretName, String secretKey) {

        boolean isSecret() {
            return secretName != null;
        }
    }

    /** What the resources of one spec amount to in one environment. */
    record Provisioned(Map<String, Map<String, Output>> outputs, List<HasMetadata> objects,
            List<ProvisionedResource> claims, List<Volume> podVolumes) {
    }

    private ResourceProvisioners() {
    }

    static Provisioned provision(WorkloadSpec spec, EnvironmentFacts environment, RenderSettings settings,
            List<Violation> violations) {
        Map<String, Map<String, Output>> outputs = new LinkedHashMap<>();
        List<HasMetadata> objects = new ArrayList<>();
        List<ProvisionedResource> claims = new ArrayList<>();
        List<Volume> podVolumes = new ArrayList<>();
        spec.provisions().forEach((resource, provision) -> {
            ResourceType type = ResourceType.of(provision.type()).orElseThrow();
            String objectName = DerivedNames.label(spec.name(), resource);
            ObjectNode params = provision.params();
            Map<String, Output> values = new LinkedHashMap<>();
            switch (type) {
                case ROUTE -> {
                    String host = param(params, "host");
                    if (host == null) {
                        host = settings.domain(settings.routeDomainPattern(), spec.name(), resource, environment);
                    }
                    String path = param(params, "path") == null ? "/" : param(params, "path");
                    Integer port = params != null && params.has("port") ? params.get("port").asInt()
                            : spec.ports().isEmpty() ? null : spec.ports().get(0).port();
                    if (port == null) {
                        violations.add(Violation.at(spec.pointerToProvision(resource),
                                "a route leads to a port of the workload, and it has none"));
                        port = 0;
                    }
                    objects.add(new IngressBuilder().withNewMetadata().withName(objectName).endMetadata()
                            .withNewSpec().addNewRule().withHost(host).withNewHttp().addNewPath().withPath(path)
                            .withPathType("Prefix").withNewBackend().withNewService().withName(spec.name())
                            .withNewPort().withNumber(port).endPort().endService().endBackend().endPath()
                            .endHttp().endRule().endSpec().build());
                    values.put("host", plain(host));
                    values.put("url", plain("http://" + host + (path.equals("/") ? "" : path)));
                }
                case DNS -> values.put("host", plain(settings.domain(settings.dnsDomainPattern(), spec.name(),
                        resource, environment)));
                case VOLUME -> {
                    String size = param(params, "size");
                    VolumeBuilder volume = new VolumeBuilder().withName(resource);
                    if (size == null) {
                        volume.withNewEmptyDir().endEmptyDir();
                    } else {
                        objects.add(new PersistentVolumeClaimBuilder().withNewMetadata().withName(objectName)
                                .endMetadata().withNewSpec().withAccessModes("ReadWriteOnce")
                                .withStorageClassName(param(params, "storageClass"))
                                .withNewResources().addToRequests("storage", new Quantity(size)).endResources()
                                .endSpec().build());
                        volume.withNewPersistentVolumeClaim().withClaimName(objectName).endPersistentVolumeClaim();
                    }
                    podVolumes.add(volume.build());
                    values.put("source", plain(resource));
                }
                case POSTGRES -> {
                    String database = DerivedNames.sql(environment.namespace(), spec.name(), resource);
                    claims.add(new ProvisionedResource(resource, type.id(), objectName, database, database));
                    type.outputs().forEach(output -> values.put(output, new Output(null, objectName, output)));
                }
            }
            outputs.put(resource, values);
        });
        return new Provisioned(outputs, objects, claims, podVolumes);
    }

    private static Output plain(String value) {
        return new Output(value, null, null);
    }

    private static String param(ObjectNode params, String name) {
        return params == null || !params.hasNonNull(name) ? null : params.get(name).asText();
    }
}
