package dev.paved.gateway.api.backstage;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import dev.paved.gateway.api.catalog.CatalogShapes;

/**
 * The request bodies Backstage's client sends and the shapes of the answers the gateway writes as
 * text ({@link BackstageJson}), as the contract describes them. The request bodies ignore fields they
 * do not have, unlike Paved's own: Backstage's backend ignores them, and a newer Backstage client
 * may send fields this API does not know yet.
 */
final class BackstageShapes {

    private BackstageShapes() {
    }

    @Schema(name = "BackstageEntityQueryPage", description = "A page of entities and where the pages around it are.")
    record QueryPage(@Schema(required = true) List<CatalogShapes.Projection> items,
            @Schema(required = true, description = "Entities that match, over all pages; 0 with totalItems=exclude.")
            long totalItems,
            @Schema(required = true) PageInfo pageInfo) {
    }

    @Schema(name = "BackstagePageInfo")
    record PageInfo(@Schema(description = "Asks for the next page; absent on the last page.") String nextCursor,
            @Schema(description = "Asks for the page before; absent on the first page.") String prevCursor) {
    }

    @Schema(name = "BackstageByRefsRequest")
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ByRefsRequest(
            @Schema(required = true, description = "Entity refs kind:namespace/name (namespace default when left "
                    + "out); at most 1000.") List<String> entityRefs,
            @Schema(description = "Field paths to keep, e.g. metadata.name.") List<String> fields,
            @Schema(description = "Backstage's predicate query: not supported, answered 400.")
            Map<String, Object> query) {
    }

    @Schema(name = "BackstageEntityAncestry")
    record Ancestry(@Schema(required = true, examples = "component:default/checkout") String rootEntityRef,
            @Schema(required = true) List<AncestryItem> items) {
    }

    @Schema(name = "BackstageEntityAncestryItem")
    record AncestryItem(@Schema(required = true, description = "A stored entity, or the Location entity of the "
            + "location that produced it (which has no uid).") CatalogShapes.Projection entity,
            @Schema(required = true) List<String> parentEntityRefs) {
    }

    @Schema(name = "BackstageRefreshRequest")
    @JsonIgnoreProperties(ignoreUnknown = true)
    record RefreshRequest(@Schema(required = true, examples = "component:default/checkout") String entityRef,
            @Schema(description = "Accepted and not used: the bearer token authorizes.") String authorizationToken) {
    }

    @Schema(name = "BackstageValidateEntityRequest")
    @JsonIgnoreProperties(ignoreUnknown = true)
    record ValidateEntityRequest(@Schema(required = true, description = "A Backstage entity.")
            Map<String, Object> entity,
            @Schema(required = true, description = "The location the entity would come from, url:<target> as "
                    + "Backstage requires it, e.g. url:https://…; not otherwise used.")
            String location) {
    }

    @Schema(name = "BackstageValidationErrors", description = "Why the entity is not valid.")
    record ValidationErrors(@Schema(required = true) List<ValidationError> errors) {
    }

    @Schema(name = "BackstageValidationError")
    record ValidationError(@Schema(required = true, examples = "InputError") String name,
            @Schema(required = true, examples = "/spec/owner: is required") String message) {
    }

    @Schema(name = "BackstageLocation", description = "A registered Git location, as Backstage's client reads it.")
    record Location(@Schema(required = true, description = "Paved's id of the location.") String id,
            @Schema(required = true, enumeration = "url") String type,
            @Schema(required = true, examples = "https://github.com/acme/shop/blob/main/catalog-info.yaml") String target,
            @Schema(required = true, examples = "location:default/generated-3b5c2d…", description = "The Location "
                    + "entity Backstage would hold for it: location:default/generated-<sha1 of url:target>.")
            String entityRef) {
    }

    @Schema(name = "BackstageLocationQueryRequest", description = "A first page (limit, query) or a cursor.")
    record LocationQueryRequest(@Schema(description = "Locations per page, 1 or more; 1000 when absent.") Integer limit,
            @Schema(description = "Backstage's filter predicate over id, type, target and entityRef: {$all: [..]}, "
                    + "{$any: [..]}, {$not: ..} or {field: value | {$exists: bool} | {$in: [..]} | {$hasPrefix: "
                    + "text}}; values compare without regard to case.") Map<String, Object> query,
            @Schema(description = "pageInfo.nextCursor of the page before; limit and query come with it.")
            String cursor) {
    }

    @Schema(name = "BackstageLocationQueryPage", description = "A page of locations, by id.")
    record LocationQueryPage(@Schema(required = true) List<Location> items,
            @Schema(required = true, description = "Locations that match, over all pages.") long totalItems,
            @Schema(required = true) LocationPageInfo pageInfo) {
    }

    @Schema(name = "BackstageLocationPageInfo")
    record LocationPageInfo(@Schema(description = "Asks for the next page; absent on the last page.")
            String nextCursor) {
    }

    @Schema(name = "BackstageLocationItem")
    record LocationItem(@Schema(required = true) Location data) {
    }

    @Schema(name = "BackstageLocationRequest")
    @JsonIgnoreProperties(ignoreUnknown = true)
    record LocationRequest(@Schema(required = true, enumeration = "url") String type,
            @Schema(required = true, description = "<repository>/blob/<ref>/<path or glob>, as Paved's locations take "
                    + "it.") String target,
            @Schema(description = "Paved's addition: the team the location is for. Without it, the caller's only "
                    + "team; a platform admin's location has none.") String owner) {
    }

    @Schema(name = "BackstageLocationUpdate")
    @JsonIgnoreProperties(ignoreUnknown = true)
    record LocationUpdate(@Schema(enumeration = "url", description = "url when absent.") String type,
            @Schema(required = true, description = "<repository>/blob/<ref>/<path or glob>, as Paved's locations take "
                    + "it.") String target) {
    }

    @Schema(name = "BackstageAddLocationResponse")
    record AddLocationResponse(@Schema(required = true) Location location,
            @Schema(required = true, description = "The Location entity of the location, then the entities it "
                    + "produced: stored ones, or with dryRun those it would produce.") List<CatalogShapes.Projection> entities,
            @Schema(description = "With dryRun: whether the target is registered already (entities are then those it "
                    + "produced).") Boolean exists) {
    }

    @Schema(name = "BackstageAnalyzeLocationRequest")
    @JsonIgnoreProperties(ignoreUnknown = true)
    record AnalyzeLocationRequest(@Schema(required = true) LocationSpec location,
            // No "**/" in a description: generated SDKs put descriptions inside /* */ comments.
            @Schema(description = "Not supported, answered 400: name the files in the target instead, with a "
                    + "glob in its path.") String catalogFilename,
            @Schema(description = "Paved's addition: the team to read the target for, as registering it for that "
                    + "team would (entities the team may not write are left out). Without it, the caller's only "
                    + "team; a platform admin reads it for none.") String owner) {
    }

    @Schema(name = "BackstageLocationSpec")
    @JsonIgnoreProperties(ignoreUnknown = true)
    record LocationSpec(@Schema(required = true, enumeration = "url") String type,
            @Schema(required = true) String target) {
    }

    @Schema(name = "BackstageLocationAnalysis")
    record Analysis(@Schema(required = true) List<ExistingEntityFile> existingEntityFiles,
            @Schema(required = true, description = "Always empty: Paved does not suggest entities for a repository "
                    + "without catalog files.") List<Map<String, Object>> generateEntities) {
    }

    @Schema(name = "BackstageExistingEntityFile")
    record ExistingEntityFile(@Schema(required = true, description = "The file the entity is in.") LocationSpec location,
            @Schema(required = true, description = "Whether the analyzed target is registered as a location.")
            boolean isRegistered,
            @Schema(required = true) CatalogShapes.Projection entity) {
    }
}
