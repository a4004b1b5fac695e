package dev.paved.k8s;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** The manifests of k8s/ (this module's directory) and what they hold. */
final class Manifests {

    /** The module directory, the working directory of its tests, holds base/ and overlays/. */
    static final Path K8S = Path.of("").toAbsolutePath();
    static final Path BASE = K8S.resolve("base");
    static final Path OVERLAYS = K8S.resolve("overlays");
    static final List<String> SERVICES = List.of("api-gateway", "catalog-service", "provisioning-service",
            "observability-service");
    static final String NAMESPACE = "paved-system";
    static final String CONFIG = "paved-config";

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private Manifests() {
    }

    /** Every overlay: the directories under overlays/. */
    static List<String> overlays() {
        try (Stream<Path> entries = Files.list(OVERLAYS)) {
            return entries.filter(Files::isDirectory).map(path -> path.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every YAML file of k8s/ that holds Kubernetes objects (or patches of them): all but the kustomizations. */
    static List<Path> objectFiles() {
        try (Stream<Path> files = Stream.concat(Files.walk(BASE), Files.walk(OVERLAYS))) {
            return files.filter(path -> path.toString().endsWith(".yaml"))
                    .filter(path -> !path.getFileName().toString().equals("kustomization.yaml")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<HasMetadata> parse(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return parse(in, file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The documents of a YAML stream as typed objects. */
    static List<HasMetadata> parse(InputStream in, String source) {
        Object parsed = SERIALIZATION.unmarshal(in);
        if (parsed instanceof List<?> list) {
            return list.stream().map(HasMetadata.class::cast).toList();
        }
        if (parsed instanceof KubernetesList list) {
            return list.getItems();
        }
        if (parsed instanceof HasMetadata one) {
            return List.of(one);
        }
        throw new AssertionError(source + " holds no Kubernetes object");
    }

    static List<HasMetadata> overlay(String name) {
        return Kustomize.render(OVERLAYS.resolve(name));
    }

    static <T extends HasMetadata> List<T> ofKind(List<HasMetadata> objects, Class<T> kind) {
        return objects.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    static <T extends HasMetadata> T named(List<HasMetadata> objects, Class<T> kind, String name) {
        return ofKind(objects, kind).stream().filter(object -> object.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + kind.getSimpleName() + " " + name));
    }

    static Map<String, String> config(List<HasMetadata> objects) {
        return named(objects, ConfigMap.class, CONFIG).getData();
    }

    /** A YAML file of k8s/ as a tree (for kustomizations, which are no Kubernetes objects). */
    static Map<String, Object> yaml(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return SERIALIZATION.unmarshal(in, Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
