package dev.paved.catalog.domain;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import dev.paved.common.security.Caller;

/**
 * Who may change an entity: {@code platform-admin} anything; otherwise the team that owns it. An
 * entity with {@code spec.owner} belongs to that Group (a member of the team of that name) or
 * User (that subject); a Group belongs to its own members; a User to that subject. Kinds with no
 * owner (Location) are the admins' to change. Names compare case-insensitively, as refs do.
 */
@ApplicationScoped
public class CatalogAuthorization {

    public boolean mayWrite(Caller caller, EntityKind kind, EntityRef ref, EntityRef owner) {
        if (caller.isPlatformAdmin()) {
            return true;
        }
        if (owner != null) {
            return isCallers(caller, owner);
        }
        return switch (kind) {
            case GROUP -> isMember(caller, ref.name());
            case USER -> ref.name().equalsIgnoreCase(caller.subject());
            default -> false;
        };
    }

    /** For an entity already stored, by its kind and stored owner reference. */
    public boolean mayWrite(Caller caller, String kindName, EntityRef ref, String ownerRef) {
        EntityKind kind = EntityKind.of(kindName).orElse(EntityKind.LOCATION);
        Optional<EntityRef> owner = ownerRef == null ? Optional.empty() : EntityRef.parseFull(ownerRef);
        return mayWrite(caller, kind, ref, owner.orElse(null));
    }

    /** Words for a denial: whose the entity is. */
    public String ownerOf(EntityKind kind, EntityRef ref, EntityRef owner) {
        if (owner != null) {
            return owner.toString();
        }
        return switch (kind) {
            case GROUP, USER -> ref.toString();
            default -> "the platform admins";
        };
    }

    private static boolean isCallers(Caller caller, EntityRef owner) {
        return switch (owner.kind().toLowerCase(java.util.Locale.ROOT)) {
            case "group" -> isMember(caller, owner.name());
            case "user" -> owner.name().equalsIgnoreCase(caller.subject());
            default -> false;
        };
    }

    private static boolean isMember(Caller caller, String team) {
        return caller.teams().stream().anyMatch(team::equalsIgnoreCase);
    }
}
