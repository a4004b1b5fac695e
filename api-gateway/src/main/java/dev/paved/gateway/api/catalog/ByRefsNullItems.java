package dev.paved.gateway.api.catalog;

import java.util.List;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;

import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * The one null the API answers on purpose: a by-refs item for a ref the catalog has no entity for.
 * Annotations can make a property nullable but not the items of a list, so the items of
 * {@code CatalogEntitiesByRefs} become "a projection or null" here.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class ByRefsNullItems implements OASFilter {

    static final String BY_REFS = "CatalogEntitiesByRefs";
    static final String ITEM = "CatalogEntityProjection";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Schema byRefs = openAPI.getComponents().getSchemas().get(BY_REFS);
        byRefs.getProperties().get("items").items(OASFactory.createSchema().anyOf(List.of(
                OASFactory.createSchema().ref(ITEM),
                OASFactory.createSchema().addType(SchemaType.NULL))));
    }
}
