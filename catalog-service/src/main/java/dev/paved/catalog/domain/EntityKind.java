package dev.paved.catalog.domain;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The kinds of the Backstage descriptor format, the apiVersions Backstage accepts for each, and the
 * spec fields that reference other entities (with the relation pair each one produces).
 */
public enum EntityKind {

    COMPONENT("Component", Set.of(BackstageApi.V1ALPHA1, BackstageApi.V1BETA1), List.of(
            RelationField.one("owner", "Group", RelationType.OWNED_BY),
            RelationField.one("system", "System", RelationType.PART_OF),
            RelationField.one("subcomponentOf", "Component", RelationType.PART_OF),
            RelationField.many("providesApis", "API", RelationType.PROVIDES_API),
            RelationField.many("consumesApis", "API", RelationType.CONSUMES_API),
            RelationField.many("dependsOn", null, RelationType.DEPENDS_ON),
            RelationField.many("dependencyOf", null, RelationType.DEPENDENCY_OF))),
    API("API", Set.of(BackstageApi.V1ALPHA1, BackstageApi.V1BETA1), List.of(
            RelationField.one("owner", "Group", RelationType.OWNED_BY),
            RelationField.one("system", "System", RelationType.PART_OF))),
    RESOURCE("Resource", Set.of(BackstageApi.V1ALPHA1, BackstageApi.V1BETA1), List.of(
            RelationField.one("owner", "Group", RelationType.OWNED_BY),
            RelationField.one("system", "System", RelationType.PART_OF),
            RelationField.many("dependsOn", null, RelationType.DEPENDS_ON),
            RelationField.many("dependencyOf", null, RelationType.DEPENDENCY_OF))),
    SYSTEM("System", Set.of(BackstageApi.V1ALPHA1, BackstageApi.V1BETA1), List.of(
            RelationField.one("owner", "Group", RelationType.OWNED_BY),
            RelationField.one("domain", "Domain", RelationType.PART_OF))),
    DOMAIN("Domain", Set.of(BackstageApi.V1ALPHA1, BackstageApi.V1BETA1), List.of(
            RelationField.one("owner", "Group", RelationType.OWNED_BY),
            RelationField.one("subdomainOf", "Domain", RelationType.PART_OF))),
    GROUP("Group", Set.of(BackstageApi.V1ALPHA1, BackstageApi.V1BETA1), List.of(
            RelationField.one("parent", "Group", RelationType.CHILD_OF),
            RelationField.many("children", "Group", RelationType.PARENT_OF),
            RelationField.many("members", "User", RelationType.HAS_MEMBER))),
    USER("User", Set.of(BackstageApi.V1ALPHA1, BackstageApi.V1BETA1), List.of(
            RelationField.many("memberOf", "Group", RelationType.MEMBER_OF))),
    TEMPLATE("Template", Set.of("scaffolder.backstage.io/v1beta3", BackstageApi.V1BETA2), List.of(
            RelationField.one("owner", "Group", RelationType.OWNED_BY))),
    LOCATION("Location", Set.of(BackstageApi.V1ALPHA1, BackstageApi.V1BETA1), List.of());

    private static final Map<String, EntityKind> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(kind -> kind.kindName, Function.identity()));

    private final String kindName;
    private final Set<String> apiVersions;
    private final List<RelationField> relationFields;

    EntityKind(String kindName, Set<String> apiVersions, List<RelationField> relationFields) {
        this.kindName = kindName;
        this.apiVersions = apiVersions;
        this.relationFields = relationFields;
    }

    /** The kind as written in a descriptor; Backstage's kind names are case-sensitive. */
    public static Optional<EntityKind> of(String kindName) {
        return Optional.ofNullable(BY_NAME.get(kindName));
    }

    public static String knownNames() {
        return Arrays.stream(values()).map(EntityKind::kindName).collect(Collectors.joining(", "));
    }

    public String kindName() {
        return kindName;
    }

    public Set<String> apiVersions() {
        return apiVersions;
    }

    public List<RelationField> relationFields() {
        return relationFields;
    }

    public String schemaResource() {
        return "schemas/" + kindName.toLowerCase(Locale.ROOT) + ".schema.json";
    }

    /** Whether entities of this kind name an owner in {@code spec.owner}. */
    public boolean hasOwner() {
        return relationFields.stream().anyMatch(field -> field.type() == RelationType.OWNED_BY);
    }

    private static final class BackstageApi {
        static final String V1ALPHA1 = "backstage.io/v1alpha1";
        static final String V1BETA1 = "backstage.io/v1beta1";
        static final String V1BETA2 = "backstage.io/v1beta2";
    }

    /** A spec field holding one reference or a list of them, the kind a bare name defaults to, and its relation. */
    public record RelationField(String field, String defaultKind, RelationType type, boolean list) {

        static RelationField one(String field, String defaultKind, RelationType type) {
            return new RelationField(field, defaultKind, type, false);
        }

        static RelationField many(String field, String defaultKind, RelationType type) {
            return new RelationField(field, defaultKind, type, true);
        }
    }
}
