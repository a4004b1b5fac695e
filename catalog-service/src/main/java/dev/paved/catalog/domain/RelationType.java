package dev.paved.catalog.domain;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Backstage's relation types, each with the type that the other side of the relation carries. */
public enum RelationType {

    OWNED_BY("ownedBy", "ownerOf"),
    OWNER_OF("ownerOf", "ownedBy"),
    PART_OF("partOf", "hasPart"),
    HAS_PART("hasPart", "partOf"),
    PROVIDES_API("providesApi", "apiProvidedBy"),
    API_PROVIDED_BY("apiProvidedBy", "providesApi"),
    CONSUMES_API("consumesApi", "apiConsumedBy"),
    API_CONSUMED_BY("apiConsumedBy", "consumesApi"),
    DEPENDS_ON("dependsOn", "dependencyOf"),
    DEPENDENCY_OF("dependencyOf", "dependsOn"),
    MEMBER_OF("memberOf", "hasMember"),
    HAS_MEMBER("hasMember", "memberOf"),
    CHILD_OF("childOf", "parentOf"),
    PARENT_OF("parentOf", "childOf");

    private static final Map<String, RelationType> BY_NAME = Arrays.stream(values())
            .collect(Collectors.toUnmodifiableMap(type -> type.typeName.toLowerCase(java.util.Locale.ROOT),
                    Function.identity()));

    private final String typeName;
    private final String inverseName;

    RelationType(String typeName, String inverseName) {
        this.typeName = typeName;
        this.inverseName = inverseName;
    }

    public String typeName() {
        return typeName;
    }

    public RelationType inverse() {
        return BY_NAME.get(inverseName.toLowerCase(java.util.Locale.ROOT));
    }

    /** The type named case-insensitively, as relation filters (`relations.ownedby=…`) write it. */
    public static Optional<RelationType> named(String name) {
        return Optional.ofNullable(BY_NAME.get(name.toLowerCase(java.util.Locale.ROOT)));
    }
}
