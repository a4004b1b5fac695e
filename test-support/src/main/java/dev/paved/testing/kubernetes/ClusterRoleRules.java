package dev.paved.testing.kubernetes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

/** The rules of one ClusterRole of {@code k8s/base/rbac.yaml}, and what they allow. */
public record ClusterRoleRules(ClusterRole role) {

    /** The manifests' RBAC file, from a module directory of the build (the tests' working directory). */
    public static final Path RBAC_FILE = Path.of("..", "k8s", "base", "rbac.yaml");

    public static ClusterRoleRules named(String name) {
        return named(RBAC_FILE, name);
    }

    public static ClusterRoleRules named(Path file, String name) {
        List<HasMetadata> objects;
        try (InputStream in = Files.newInputStream(file)) {
            objects = new KubernetesSerialization().unmarshal(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + file.toAbsolutePath(), e);
        }
        return objects.stream().filter(ClusterRole.class::isInstance).map(ClusterRole.class::cast)
                .filter(role -> role.getMetadata().getName().equals(name)).findFirst().map(ClusterRoleRules::new)
                .orElseThrow(() -> new IllegalStateException("no ClusterRole " + name + " in " + file));
    }

    public boolean allows(ApiAccess access) {
        return role.getRules().stream().anyMatch(rule -> rule.getApiGroups().contains(access.group())
                && rule.getResources().contains(access.resource()) && rule.getVerbs().contains(access.verb())
                && (rule.getResourceNames().isEmpty()
                        || access.name().filter(rule.getResourceNames()::contains).isPresent()));
    }

    /**
     * Every group, resource and verb the rules grant for any object, as {@code verb group/resource}
     * (the form of {@link ApiAccess#toString()} without a name); rules bounded by resourceNames are left out.
     */
    public Set<String> grantedForAnyObject() {
        Set<String> granted = new TreeSet<>();
        for (PolicyRule rule : role.getRules()) {
            if (!rule.getResourceNames().isEmpty()) {
                continue;
            }
            for (String group : rule.getApiGroups()) {
                for (String resource : rule.getResources()) {
                    for (String verb : rule.getVerbs()) {
                        granted.add(new ApiAccess(group, resource, verb, Optional.empty()).toString());
                    }
                }
            }
        }
        return granted;
    }

    /** The names a rule with resourceNames allows {@code verb} on {@code group/resource} for. */
    public Set<String> namesFor(String group, String resource, String verb) {
        return role.getRules().stream()
                .filter(rule -> rule.getApiGroups().contains(group) && rule.getResources().contains(resource)
                        && rule.getVerbs().contains(verb))
                .flatMap(rule -> rule.getResourceNames().stream()).collect(Collectors.toCollection(TreeSet::new));
    }
}
