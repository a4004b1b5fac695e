package dev.paved.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import dev.paved.testing.kubernetes.ApiAccess;
import dev.paved.testing.kubernetes.ClusterRoleRules;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/**
 * The RBAC of every overlay, read against the code: what provisioning's golden paths render and the
 * ClusterRoles it binds teams to. ProvisionerRbacTest (provisioning-service) and ObserverRbacTest
 * (observability-service) compare the rules with the requests the running services make.
 */
class RbacTest {

    private static final Path PROVISIONING = Manifests.K8S.resolveSibling("provisioning-service")
            .resolve("src/main/resources");
    private static final Pattern STAGE_ROLE = Pattern.compile("paved\\.provisioning\\.stages\\.[^.]+\\.cluster-role");
    private static final Pattern API_VERSION = Pattern.compile("(?m)^apiVersion: *(\\S+)");
    private static final Pattern KIND = Pattern.compile("(?m)^kind: *(\\S+)");
    private static final Set<String> READ_VERBS = Set.of("get", "list", "watch");
    /** What the observer reads, as the API server names it. */
    private static final Set<String> OBSERVED = Set.of("namespaces", "pods", "pods/log", "events", "apps/deployments",
            "apps/replicasets", "apps/statefulsets", "batch/jobs", "batch/cronjobs", "metrics.k8s.io/pods");
    /** What applying an object by server-side apply, checking it, and deleting it take. */
    private static final List<String> APPLY_VERBS = List.of("get", "create", "patch", "delete");

    static List<String> overlays() {
        return Manifests.overlays();
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void noRuleUsesAWildcardOrAPrivilegeVerb(String overlay) {
        for (PolicyRule rule : rules(Manifests.overlay(overlay))) {
            Stream.of(rule.getApiGroups(), rule.getResources(), rule.getVerbs(), rule.getResourceNames())
                    .flatMap(List::stream)
                    .forEach(value -> assertFalse(value.contains("*"), rule + " names everything"));
            assertTrue(rule.getNonResourceURLs().isEmpty(), rule + " reaches beyond resources");
            assertFalse(rule.getVerbs().contains("escalate") || rule.getVerbs().contains("impersonate"), rule.toString());
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void provisioningBindsExactlyTheClusterRolesItsStagesName(String overlay) {
        ClusterRoleRules provisioner = new ClusterRoleRules(
                Manifests.named(Manifests.overlay(overlay), ClusterRole.class, "paved-provisioner"));

        assertEquals(stageRoles(), provisioner.namesFor("rbac.authorization.k8s.io", "clusterroles", "bind"));
        for (PolicyRule rule : provisioner.role().getRules()) {
            if (rule.getVerbs().contains("bind")) {
                assertEquals(List.of("bind"), rule.getVerbs(), "bind stands alone, bounded by its names");
                assertEquals(List.of("clusterroles"), rule.getResources());
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void provisioningMayApplyEveryKindTheGoldenPathsRender(String overlay) {
        ClusterRoleRules provisioner = new ClusterRoleRules(
                Manifests.named(Manifests.overlay(overlay), ClusterRole.class, "paved-provisioner"));

        Set<String> kinds = goldenPathKinds();
        assertFalse(kinds.isEmpty(), "the golden paths render objects");
        for (String kind : kinds) {
            HasMetadata object = typed(kind);
            for (String verb : APPLY_VERBS) {
                ApiAccess access = new ApiAccess(HasMetadata.getGroup(object.getClass()),
                        HasMetadata.getPlural(object.getClass()), verb, Optional.of("any"));
                assertTrue(provisioner.allows(access), "paved-provisioner may not " + access + " (" + kind
                        + " is rendered by a golden path)");
            }
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void observabilityReadsWhatItObservesAndNeverSecrets(String overlay) {
        ClusterRole observer = Manifests.named(Manifests.overlay(overlay), ClusterRole.class, "paved-observer");

        Set<String> resources = new TreeSet<>();
        for (PolicyRule rule : observer.getRules()) {
            assertTrue(READ_VERBS.containsAll(rule.getVerbs()), rule + " only reads");
            assertTrue(rule.getResourceNames().isEmpty(), rule.toString());
            for (String group : rule.getApiGroups()) {
                rule.getResources().forEach(resource -> resources.add(group.isEmpty() ? resource : group + "/" + resource));
            }
        }
        assertEquals(new TreeSet<>(OBSERVED), resources);
        assertFalse(resources.contains("secrets") || resources.contains("configmaps"), "reads no Secret");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void onlyProvisioningAndObservabilityAreBoundToRoles(String overlay) {
        List<HasMetadata> objects = Manifests.overlay(overlay);

        assertTrue(Manifests.ofKind(objects, RoleBinding.class).isEmpty(), "no namespaced RoleBinding");
        Map<String, String> bound = Manifests.ofKind(objects, ClusterRoleBinding.class).stream().collect(Collectors.toMap(
                binding -> binding.getSubjects().stream()
                        .map(subject -> subject.getKind() + " " + subject.getNamespace() + "/" + subject.getName())
                        .collect(Collectors.joining(",")),
                binding -> binding.getRoleRef().getName()));
        assertEquals(Map.of("ServiceAccount paved-system/provisioning-service", "paved-provisioner",
                "ServiceAccount paved-system/observability-service", "paved-observer"), bound);
    }

    private static List<PolicyRule> rules(List<HasMetadata> objects) {
        return Stream.concat(Manifests.ofKind(objects, ClusterRole.class).stream().flatMap(role -> role.getRules().stream()),
                Manifests.ofKind(objects, Role.class).stream().flatMap(role -> role.getRules().stream())).toList();
    }

    /** The ClusterRoles provisioning binds teams to: paved.provisioning.stages.*.cluster-role. */
    private static Set<String> stageRoles() {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(PROVISIONING.resolve("application.properties"))) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.stringPropertyNames().stream().filter(name -> STAGE_ROLE.matcher(name).matches())
                .map(properties::getProperty).collect(Collectors.toCollection(TreeSet::new));
    }

    /** {@code apiVersion/kind} of every top-level object in the built-in golden paths' templates. */
    private static Set<String> goldenPathKinds() {
        Set<String> kinds = new TreeSet<>();
        try (Stream<Path> files = Files.walk(PROVISIONING.resolve("golden-paths"))) {
            for (Path template : files.filter(path -> path.getFileName().toString().equals("template.yaml")).toList()) {
                for (String document : Files.readString(template).split("(?m)^---\\s*$")) {
                    Matcher apiVersion = API_VERSION.matcher(document);
                    Matcher kind = KIND.matcher(document);
                    if (apiVersion.find() && kind.find()) {
                        kinds.add(apiVersion.group(1) + "/" + kind.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return kinds;
    }

    /** An object of {@code apiVersion/kind} as fabric8 types it, whose class names its API group and plural. */
    private static HasMetadata typed(String apiVersionAndKind) {
        int slash = apiVersionAndKind.lastIndexOf('/');
        HasMetadata object = new KubernetesSerialization().unmarshal("{\"apiVersion\":\""
                + apiVersionAndKind.substring(0, slash) + "\",\"kind\":\"" + apiVersionAndKind.substring(slash + 1)
                + "\",\"metadata\":{\"name\":\"any\"}}");
        assertFalse(object instanceof io.fabric8.kubernetes.api.model.GenericKubernetesResource,
                apiVersionAndKind + " is a kind fabric8 knows");
        return object;
    }
}
