package dev.paved.gateway.api.backstage;

import java.util.List;
import java.util.Map;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

import dev.paved.gateway.api.catalog.CatalogShapes;

/**
 * The request bodies Backstage's client sends and the shapes of the answers the gateway writes as
 * text ({@link BackstageJson}), as the contract describes them.
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
    record AncestryItem(@Schema(required = true) CatalogShapes.Entity entity,
            @Schema(required = true) List<String> parentEntityRefs) {
    }

    @Schema(name = "BackstageRefreshRequest")
    record RefreshRequest(@Schema(required = true, examples = "component:default/checkout") String entityRef,
            @Schema(description = "Accepted and not used: the bearer token authorizes.") String authorizationToken) {
    }

    @Schema(name = "BackstageValidateEntityRequest")
    record ValidateEntityRequest(@Schema(required = true, description = "A Backstage entity.")
            Map<String, Object> entity,
            @Schema(description = "The location the entity would come from, e.g. url:https://…; not used.")
            String location) {
    }

    @Schema(name = "BackstageValidationErrors", description = "Why the entity is not valid.")
    record ValidationErrors(@Schema(required = true) List<ValidationError> errors) {
    }

    @Schema(name = "BackstageValidationError")
    record ValidationError(@Schema(required = true, examples = "InputError") String name,
            @Schema(required = true, examples = "/spec/owner: is required") String message) {
    }
}
