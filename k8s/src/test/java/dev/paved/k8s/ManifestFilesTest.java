package dev.paved.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;

/** The files of k8s/ as they are, before kustomize. */
class ManifestFilesTest {

    static List<Path> objectFiles() {
        return Manifests.objectFiles();
    }

    @ParameterizedTest
    @MethodSource("objectFiles")
    void everyManifestParsesIntoTypedObjects(Path file) {
        List<HasMetadata> objects = Manifests.parse(file);

        assertFalse(objects.isEmpty(), file + " holds objects");
        for (HasMetadata object : objects) {
            assertFalse(object instanceof GenericKubernetesResource,
                    file + ": " + object.getKind() + " " + object.getMetadata().getName() + " is not a known kind");
        }
    }

    @Test
    void eachServiceFileHoldsItsServiceAccountDeploymentServiceDisruptionBudgetAndAutoscaler() {
        for (String service : Manifests.SERVICES) {
            List<HasMetadata> objects = Manifests.parse(Manifests.BASE.resolve(service + ".yaml"));

            assertEquals(Set.of("ServiceAccount", "Deployment", "Service", "PodDisruptionBudget",
                    "HorizontalPodAutoscaler"), objects.stream().map(HasMetadata::getKind).collect(Collectors.toSet()),
                    service);
            // A backend's headless Service, which its callers' gRPC clients resolve to every pod, is `<name>-pods`.
            objects.forEach(object -> assertEquals(service, object.getMetadata().getName().replaceFirst("-pods$", ""),
                    object.getKind()));
        }
    }

    @Test
    void theImagesAreNamedAndTaggedInTheBaseKustomizationOnly() {
        @SuppressWarnings("unchecked")
        List<Map<String, String>> images = (List<Map<String, String>>) Manifests.yaml(
                Manifests.BASE.resolve("kustomization.yaml")).get("images");
        Set<String> named = images.stream().map(image -> image.get("name")).collect(Collectors.toCollection(TreeSet::new));

        assertEquals(Manifests.SERVICES.stream().map(service -> "paved/" + service)
                .collect(Collectors.toCollection(TreeSet::new)), named);
        images.forEach(image -> assertFalse(image.getOrDefault("newTag", "latest").equals("latest"),
                image + " has a fixed tag"));
        for (String overlay : Manifests.overlays()) {
            assertFalse(Manifests.yaml(Manifests.OVERLAYS.resolve(overlay).resolve("kustomization.yaml"))
                    .containsKey("images"), overlay + " sets no image of its own");
        }
    }
}
