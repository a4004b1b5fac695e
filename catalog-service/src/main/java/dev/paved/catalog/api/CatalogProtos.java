package dev.paved.catalog.api;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

import dev.paved.api.catalog.v1.Change;
import dev.paved.api.catalog.v1.ChangeAction;
import dev.paved.api.catalog.v1.ChangeType;
import dev.paved.api.catalog.v1.ChangedRefs;
import dev.paved.api.catalog.v1.DocumentFormat;
import dev.paved.api.catalog.v1.Entity;
import dev.paved.api.catalog.v1.Facet;
import dev.paved.api.catalog.v1.FacetValue;
import dev.paved.api.catalog.v1.UpsertResult;
import dev.paved.catalog.domain.BodyFormat;
import dev.paved.catalog.domain.CatalogEntity;
import dev.paved.catalog.domain.WriteResult;
import dev.paved.catalog.persistence.ChangeRow;
import dev.paved.catalog.persistence.FacetCount;
import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;

/** Maps between the catalog's domain and its gRPC messages. */
final class CatalogProtos {

    private CatalogProtos() {
    }

    static Entity entity(CatalogEntity entity) {
        return Entity.newBuilder()
                .setKind(entity.kind())
                .setNamespace(entity.namespace())
                .setName(entity.name())
                .setUid(entity.uid().toString())
                .setEtag(entity.etag())
                .setRevision(entity.revision())
                .setJson(entity.json())
                .build();
    }

    /** The format asked for, or the one the body reads as; a number this contract does not know is refused. */
    static BodyFormat format(DocumentFormat format, String body) {
        return switch (format) {
            case DOCUMENT_FORMAT_JSON -> BodyFormat.JSON;
            case DOCUMENT_FORMAT_YAML -> BodyFormat.YAML;
            case DOCUMENT_FORMAT_UNSPECIFIED -> BodyFormat.detect(body);
            case UNRECOGNIZED -> throw new ProblemException(415, "UNSUPPORTED_MEDIA_TYPE",
                    "The document format is not one this API reads.", List.of(Violation.parameter("format",
                            "must be DOCUMENT_FORMAT_JSON, DOCUMENT_FORMAT_YAML or unset")));
        };
    }

    static UpsertResult result(WriteResult result) {
        UpsertResult.Builder builder = UpsertResult.newBuilder()
                .setIndex(result.index())
                .setRef(result.ref())
                .setAction(switch (result.action()) {
                    case CREATED -> ChangeAction.CHANGE_ACTION_CREATED;
                    case UPDATED -> ChangeAction.CHANGE_ACTION_UPDATED;
                    case UNCHANGED -> ChangeAction.CHANGE_ACTION_UNCHANGED;
                    case DELETED -> ChangeAction.CHANGE_ACTION_DELETED;
                })
                .setRevision(result.revision());
        if (result.uid() != null) {
            builder.setUid(result.uid().toString());
        }
        if (result.etag() != null) {
            builder.setEtag(result.etag());
        }
        return builder.build();
    }

    static Change change(ChangeRow row) {
        Change.Builder change = Change.newBuilder()
                .setRevision(row.revision())
                .setType(row.isDeletion() ? ChangeType.CHANGE_TYPE_DELETED : ChangeType.CHANGE_TYPE_UPSERTED)
                .setRef(row.ref())
                .setUid(row.uid().toString())
                .setChangedAt(DateTimeFormatter.ISO_INSTANT.format(row.changedAt().withOffsetSameInstant(ZoneOffset.UTC)));
        if (row.entity() != null) {
            change.setEntity(entity(row.entity()));
        }
        return change.build();
    }

    static ChangedRefs changedRefs(List<ChangeRow> page) {
        return ChangedRefs.newBuilder().addAllRefs(page.stream().map(ChangeRow::ref).toList())
                .setLastRevision(page.get(page.size() - 1).revision()).build();
    }

    static List<Facet> facets(Map<String, List<FacetCount>> counts) {
        return counts.entrySet().stream()
                .map(facet -> Facet.newBuilder()
                        .setField(facet.getKey())
                        .addAllValues(facet.getValue().stream()
                                .map(count -> FacetValue.newBuilder().setValue(count.value()).setCount(count.count())
                                        .build())
                                .toList())
                        .build())
                .toList();
    }
}
