package dev.paved.catalog.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.paved.api.catalog.v1.ChangeAction;
import dev.paved.api.catalog.v1.DeleteEntityRequest;
import dev.paved.api.catalog.v1.DocumentFormat;
import dev.paved.api.catalog.v1.Entity;
import dev.paved.api.catalog.v1.GetEntityRequest;
import dev.paved.api.catalog.v1.ReplaceEntityRequest;
import dev.paved.api.catalog.v1.UpsertRequest;
import dev.paved.api.catalog.v1.UpsertResponse;
import dev.paved.api.common.v1.Problem;
import dev.paved.testing.TestTokens;
import io.grpc.Status;
import io.quarkus.test.junit.QuarkusTest;

/** Who may change what, If-Match, dry runs and location re-registration. */
@QuarkusTest
class CatalogWriteTest extends CatalogGrpcTest {

    private static final String PAYMENTS = TestTokens.user("alice").team("w-payments").sign();
    private static final String SEARCH = TestTokens.user("bob").team("w-search").sign();
    private static final String NOBODY = TestTokens.user("carol").sign();

    private static GetEntityRequest ref(String kind, String name) {
        return GetEntityRequest.newBuilder().setKind(kind).setNamespace("default").setName(name).build();
    }

    @Test
    void aTeamMemberWritesWhatTheirTeamOwns() {
        UpsertResponse response = ingestYaml(PAYMENTS, component("w-checkout", "w-payments", ""));

        assertEquals(ChangeAction.CHANGE_ACTION_CREATED, response.getResults(0).getAction());
        assertEquals("w-checkout", as(NOBODY).getEntity(ref("Component", "w-checkout")).getName());
    }

    @Test
    void rejectsCreatingAnEntityForAnotherTeam() {
        Problem problem = failure(Status.Code.PERMISSION_DENIED, "ENTITY_NOT_OWNED",
                () -> ingestYaml(SEARCH, component("w-foreign", "w-payments", "")));

        assertEquals(List.of("/0/spec/owner"), pointers(problem));
        failure(Status.Code.NOT_FOUND, "ENTITY_NOT_FOUND", () -> admin().getEntity(ref("Component", "w-foreign")));
    }

    @Test
    void rejectsTakingOverAnotherTeamsEntity() {
        ingestYaml(PAYMENTS, component("w-ledger", "w-payments", ""));

        Problem problem = failure(Status.Code.PERMISSION_DENIED, "ENTITY_NOT_OWNED",
                () -> ingestYaml(SEARCH, component("w-ledger", "w-search", "")));

        assertEquals(List.of("/0"), pointers(problem));
        assertTrue(admin().getEntity(ref("Component", "w-ledger")).getJson().contains("\"owner\":\"w-payments\""));
    }

    @Test
    void aBatchWithOneForbiddenEntityWritesNothing() {
        Problem problem = failure(Status.Code.PERMISSION_DENIED, "ENTITY_NOT_OWNED", () -> ingestYaml(PAYMENTS,
                component("w-mine", "w-payments", "") + "---\n" + component("w-theirs", "w-search", "")));

        assertEquals(List.of("/1/spec/owner"), pointers(problem));
        failure(Status.Code.NOT_FOUND, "ENTITY_NOT_FOUND", () -> admin().getEntity(ref("Component", "w-mine")));
    }

    @Test
    void rejectsDeletingAnotherTeamsEntityButAdminsMay() {
        ingestYaml(PAYMENTS, component("w-billing", "w-payments", ""));
        DeleteEntityRequest delete = DeleteEntityRequest.newBuilder().setKind("Component").setNamespace("default")
                .setName("w-billing").build();

        failure(Status.Code.PERMISSION_DENIED, "ENTITY_NOT_OWNED", () -> as(SEARCH).deleteEntity(delete));
        failure(Status.Code.PERMISSION_DENIED, "ENTITY_NOT_OWNED", () -> as(NOBODY).deleteEntity(delete));
        admin().getEntity(ref("Component", "w-billing"));

        assertTrue(admin().deleteEntity(delete).getRevision() > 0);
        failure(Status.Code.NOT_FOUND, "ENTITY_NOT_FOUND", () -> admin().getEntity(ref("Component", "w-billing")));
    }

    @Test
    void membersChangeTheirOwnGroupAndUsersThemselvesOnly() {
        ingestYaml(PAYMENTS, group("w-payments"));
        failure(Status.Code.PERMISSION_DENIED, "ENTITY_NOT_OWNED", () -> ingestYaml(SEARCH, group("w-payments")));
        String user = """
                apiVersion: backstage.io/v1alpha1
                kind: User
                metadata:
                  name: %s
                spec:
                  memberOf: [w-payments]
                """;
        ingestYaml(PAYMENTS, user.formatted("alice"));
        failure(Status.Code.PERMISSION_DENIED, "ENTITY_NOT_OWNED", () -> ingestYaml(PAYMENTS, user.formatted("bob")));
    }

    @Test
    void onlyAdminsRegisterKindsWithoutAnOwner() {
        String location = """
                apiVersion: backstage.io/v1alpha1
                kind: Location
                metadata:
                  name: w-location
                spec:
                  target: ./catalog-info.yaml
                """;
        failure(Status.Code.PERMISSION_DENIED, "ENTITY_NOT_OWNED", () -> ingestYaml(PAYMENTS, location));
        assertEquals(ChangeAction.CHANGE_ACTION_CREATED, ingestYaml(location).getResults(0).getAction());
    }

    @Test
    void replacesWithTheCurrentEtagAndRefusesAStaleOne() {
        ingestYaml(PAYMENTS, component("w-wallet", "w-payments", ""));
        Entity read = as(PAYMENTS).getEntity(ref("Component", "w-wallet"));
        ReplaceEntityRequest.Builder replace = ReplaceEntityRequest.newBuilder().setKind("component")
                .setNamespace("default").setName("w-wallet").setFormat(DocumentFormat.DOCUMENT_FORMAT_YAML)
                .setBody(component("w-wallet", "w-payments", "system: w-money")).setIfMatch(read.getEtag());

        Entity replaced = as(PAYMENTS).replaceEntity(replace.build());
        assertNotEquals(read.getEtag(), replaced.getEtag());
        assertTrue(replaced.getJson().contains("\"system\":\"w-money\""));

        Problem stale = failure(Status.Code.FAILED_PRECONDITION, "ETAG_MISMATCH",
                () -> as(PAYMENTS).replaceEntity(replace.setBody(component("w-wallet", "w-payments", "")).build()));
        assertEquals(412, stale.getStatus());
        assertEquals(replaced.getEtag(), admin().getEntity(ref("Component", "w-wallet")).getEtag());

        Problem mismatch = failure(Status.Code.INVALID_ARGUMENT, "ENTITY_REF_MISMATCH",
                () -> as(PAYMENTS).replaceEntity(replace.setIfMatch(replaced.getEtag())
                        .setBody(component("w-purse", "w-payments", "")).build()));
        assertEquals(List.of("/metadata/name"), pointers(mismatch));
    }

    @Test
    void deleteHonoursIfMatch() {
        ingestYaml(PAYMENTS, component("w-coins", "w-payments", ""));
        failure(Status.Code.FAILED_PRECONDITION, "ETAG_MISMATCH", () -> as(PAYMENTS).deleteEntity(DeleteEntityRequest
                .newBuilder().setKind("Component").setNamespace("default").setName("w-coins").setIfMatch("stale")
                .build()));
        admin().getEntity(ref("Component", "w-coins"));
    }

    @Test
    void aDryRunValidatesAndWritesNothing() {
        UpsertResponse response = as(PAYMENTS).upsert(UpsertRequest.newBuilder()
                .setBody(component("w-dry", "w-payments", "")).setDryRun(true).build());

        assertTrue(response.getDryRun());
        assertEquals(ChangeAction.CHANGE_ACTION_CREATED, response.getResults(0).getAction());
        failure(Status.Code.NOT_FOUND, "ENTITY_NOT_FOUND", () -> admin().getEntity(ref("Component", "w-dry")));
        failure(Status.Code.PERMISSION_DENIED, "ENTITY_NOT_OWNED", () -> as(SEARCH).upsert(UpsertRequest.newBuilder()
                .setBody(component("w-dry", "w-payments", "")).setDryRun(true).build()));
    }

    @Test
    void reRegisteringALocationReplacesItsSet() {
        String location = "url:https://git.example.com/payments/catalog-info.yaml";
        UpsertResponse first = as(PAYMENTS).upsert(UpsertRequest.newBuilder().setLocation(location)
                .setBody(component("w-loc-a", "w-payments", "") + "---\n" + component("w-loc-b", "w-payments", ""))
                .build());
        assertEquals(2, first.getResultsCount());
        assertTrue(admin().getEntity(ref("Component", "w-loc-a")).getJson()
                .contains("\"backstage.io/managed-by-location\":\"" + location + "\""));

        UpsertResponse second = as(PAYMENTS).upsert(UpsertRequest.newBuilder().setLocation(location)
                .setBody(component("w-loc-a", "w-payments", "")).build());

        assertEquals(List.of("component:default/w-loc-b"), second.getRemovedRefsList());
        assertEquals(ChangeAction.CHANGE_ACTION_UNCHANGED, second.getResults(0).getAction());
        failure(Status.Code.NOT_FOUND, "ENTITY_NOT_FOUND", () -> admin().getEntity(ref("Component", "w-loc-b")));

        failure(Status.Code.ALREADY_EXISTS, "LOCATION_CONFLICT", () -> as(PAYMENTS).upsert(UpsertRequest.newBuilder()
                .setLocation("url:https://elsewhere.example.com/catalog-info.yaml")
                .setBody(component("w-loc-a", "w-payments", "")).build()));
    }

    @Test
    void anyoneSignedInReadsButNobodyAnonymous() {
        ingestYaml(PAYMENTS, component("w-public", "w-payments", ""));

        assertEquals("w-public", as(NOBODY).getEntity(ref("Component", "w-public")).getName());
        failure(Status.Code.UNAUTHENTICATED, "UNAUTHENTICATED", () -> as(null).getEntity(ref("Component", "w-public")));
        failure(Status.Code.UNAUTHENTICATED, "UNAUTHENTICATED",
                () -> as(TestTokens.user("mallory").role("platform-admin").expired().sign())
                        .getEntity(ref("Component", "w-public")));
        failure(Status.Code.UNAUTHENTICATED, "UNAUTHENTICATED",
                () -> as(TestTokens.user("mallory").role("platform-admin").otherIssuer().sign())
                        .upsert(UpsertRequest.newBuilder().setBody(group("w-evil")).build()));
        failure(Status.Code.UNAUTHENTICATED, "UNAUTHENTICATED",
                () -> as(TestTokens.unsigned("mallory")).upsert(UpsertRequest.newBuilder().setBody(group("w-evil")).build()));
        failure(Status.Code.NOT_FOUND, "ENTITY_NOT_FOUND", () -> admin().getEntity(ref("Group", "w-evil")));
    }
}
