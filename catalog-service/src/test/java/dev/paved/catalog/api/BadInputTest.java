package dev.paved.catalog.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import dev.paved.api.catalog.v1.CatalogServiceGrpc;
import dev.paved.api.catalog.v1.ChangesRequest;
import dev.paved.api.catalog.v1.DocumentFormat;
import dev.paved.api.catalog.v1.FacetsRequest;
import dev.paved.api.catalog.v1.GetEntitiesByRefsRequest;
import dev.paved.api.catalog.v1.GetEntityRequest;
import dev.paved.api.catalog.v1.GraphRequest;
import dev.paved.api.catalog.v1.ListEntitiesRequest;
import dev.paved.api.catalog.v1.UpsertRequest;
import dev.paved.api.common.v1.PageRequest;
import dev.paved.api.common.v1.Problem;
import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptors;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.quarkus.test.junit.QuarkusTest;

/** Every bad input gets a problem that names the document and field, and writes nothing. */
@QuarkusTest
class BadInputTest extends CatalogGrpcTest {

    private static Problem rejectedYaml(String code, String yaml) {
        return failure(Status.Code.INVALID_ARGUMENT, code, () -> ingestYaml(yaml));
    }

    private static void assertNothingNamed(String name) {
        failure(Status.Code.NOT_FOUND, "ENTITY_NOT_FOUND", () -> get("Component", "default", name));
    }

    /** A compressed message could inflate without bound before its size is known: none is taken, nothing written. */
    @Test
    void refusesACompressedRequestMessageBeforeReadingIt() {
        Problem problem = failure(Status.Code.INVALID_ARGUMENT, "UNSUPPORTED_ENCODING", () -> admin()
                .withCompression("gzip").upsert(UpsertRequest.newBuilder().setBody(component("gzipped", "team", ""))
                        .setFormat(DocumentFormat.DOCUMENT_FORMAT_YAML).build()));

        assertEquals(415, problem.getStatus());
        assertNothingNamed("gzipped");
    }

    @Test
    void rejectsInvalidYamlNamingTheDocument() {
        Problem problem = rejectedYaml("MALFORMED_YAML", component("bad-yaml-ok", "team", "") + "---\n"
                + "kind: Component\nmetadata: {name: [unclosed\n");

        assertEquals(400, problem.getStatus());
        assertEquals(List.of("/1"), pointers(problem));
        assertTrue(problem.getErrors(0).getMessage().contains("line"), problem.getErrors(0).getMessage());
        assertNothingNamed("bad-yaml-ok");
    }

    /**
     * The line whose parse took seconds (SnakeYAML's cost grows with the square of a line's length) is
     * refused before any document is read: the first document's syntax error is never reached.
     */
    @Test
    void refusesALineOverTheLimitBeforeReadingAnyDocument() {
        Problem problem = rejectedYaml("YAML_LINE_TOO_LONG", "kind: Component\nmetadata: {name: [unclosed\n---\n"
                + component("long-line", "team", "") + "---\n" + component("long-line-2", "team", "")
                        .replace("metadata:\n", "metadata:\n  description: " + "x".repeat(5_000_000) + "\n"));

        assertEquals(400, problem.getStatus());
        assertEquals(List.of("/2"), pointers(problem));
        assertEquals("line 16 is 5000015 characters long; a YAML line may have at most 262144",
                problem.getErrors(0).getMessage());
        assertNothingNamed("long-line");
    }

    @Test
    void rejectsAYamlAliasBomb() {
        StringBuilder bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (char level = 'b'; level <= 'j'; level++) {
            char previous = (char) (level - 1);
            bomb.append(level).append(": &").append(level).append(" [");
            for (int i = 0; i < 9; i++) {
                bomb.append(i == 0 ? "" : ",").append('*').append(previous);
            }
            bomb.append("]\n");
        }
        Problem problem = rejectedYaml("MALFORMED_YAML", bomb.toString());

        assertEquals(List.of("/0"), pointers(problem));
    }

    @Test
    void rejectsInvalidJson() {
        Problem problem = failure(Status.Code.INVALID_ARGUMENT, "MALFORMED_JSON", () -> admin().upsert(UpsertRequest
                .newBuilder().setFormat(DocumentFormat.DOCUMENT_FORMAT_JSON).setBody("[{\"kind\": \"Component\"}, {oops]")
                .build()));

        assertEquals(List.of("/1"), pointers(problem));
    }

    @Test
    void aMismatchedCloseSaysWhereTheEntityStartedWithoutTheParsersInternalNotes() {
        Problem problem = failure(Status.Code.INVALID_ARGUMENT, "MALFORMED_JSON", () -> admin().upsert(UpsertRequest
                .newBuilder().setFormat(DocumentFormat.DOCUMENT_FORMAT_JSON).setBody("{\"kind\": \"Component\"]")
                .build()));

        assertEquals(List.of("/0"), pointers(problem));
        assertTrue(problem.getDetail().contains("for Object starting at line 1, column 1"), problem.getDetail());
        assertFalse(problem.getDetail().contains("Source"), problem.getDetail());
    }

    @Test
    void rejectsUnknownKindsAndApiVersions() {
        Problem kind = rejectedYaml("INVALID_ENTITIES", """
                apiVersion: backstage.io/v1alpha1
                kind: Widget
                metadata:
                  name: bad-kind
                """);
        assertEquals(422, kind.getStatus());
        assertEquals(List.of("/0/kind"), pointers(kind));

        Problem version = rejectedYaml("INVALID_ENTITIES", """
                apiVersion: backstage.io/v2
                kind: Group
                metadata:
                  name: bad-version
                spec:
                  type: team
                  children: []
                """);
        assertEquals(List.of("/0/apiVersion"), pointers(version));
    }

    @Test
    void rejectsBadNamesNamespacesTagsAndLabels() {
        Problem problem = rejectedYaml("INVALID_ENTITIES", """
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: -bad name-
                  namespace: Not_A_Label
                  tags: [Java]
                  labels:
                    "bad key!": x
                spec:
                  type: service
                  lifecycle: production
                  owner: team
                """);

        assertTrue(pointers(problem).containsAll(List.of("/0/metadata/name", "/0/metadata/namespace",
                "/0/metadata/tags/0")), pointers(problem).toString());
    }

    @Test
    void rejectsWrongTypesAndMissingRequiredFieldsInEveryDocument() {
        Problem problem = rejectedYaml("INVALID_ENTITIES", component("bad-types-ok", "team", "") + """
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: bad-types
                spec:
                  type: service
                  owner: 42
                  providesApis: an-api
                ---
                apiVersion: backstage.io/v1alpha1
                kind: API
                metadata:
                  name: bad-api
                spec: []
                ---
                just a string
                """);

        assertEquals(422, problem.getStatus());
        assertTrue(pointers(problem).containsAll(List.of("/1/spec/owner", "/1/spec/lifecycle", "/1/spec/providesApis",
                "/2/spec", "/3")), pointers(problem).toString());
        assertTrue(pointers(problem).stream().noneMatch(pointer -> pointer.startsWith("/0")));
        assertNothingNamed("bad-types-ok");
    }

    @Test
    void rejectsReferencesWithoutTheKindTheyNeed() {
        Problem problem = rejectedYaml("INVALID_ENTITIES", component("bad-refs", "team",
                "dependsOn: [some-db]\nsystem: \"a:b:c\""));

        assertEquals(List.of("/0/spec/system", "/0/spec/dependsOn/0"), pointers(problem));
    }

    @Test
    void rejectsTheSameEntityTwiceInOneBatch() {
        Problem problem = rejectedYaml("INVALID_ENTITIES", component("twice", "team", "") + "---\n"
                + component("Twice", "team", ""));

        assertEquals(List.of("/1/metadata/name"), pointers(problem));
    }

    @Test
    void rejectsAnOversizedDocument() {
        // Within the YAML line limit, which is the entity limit, as the line holds less than the entity.
        String huge = "x".repeat(262_120);
        Problem problem = rejectedYaml("INVALID_ENTITIES", component("too-big", "team", "") .replace(
                "metadata:\n  name: too-big", "metadata:\n  name: too-big\n  description: " + huge));

        assertEquals(List.of("/0"), pointers(problem));
        assertNothingNamed("too-big");
    }

    @Test
    void aBatchWithHundredsOfViolationsIsRefusedInTrailersAClientWithDefaultLimitsReads() {
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < 300; i++) {
            batch.append(component("ownerless-" + i, "", "")).append("---\n");
        }
        // The channel keeps grpc-java's default 8 KiB limit for metadata: a larger trailer would reset the stream.
        Problem problem = rejectedYaml("INVALID_ENTITIES", batch.toString());

        assertTrue(problem.getErrorsCount() > 10 && problem.getErrorsCount() < 300, problem.getDetail());
        assertTrue(problem.getErrors(0).getPointer().startsWith("/0/"), problem.getErrors(0).getPointer());
        assertTrue(problem.getDetail().endsWith("The first " + problem.getErrorsCount() + " of 300 errors are listed."),
                problem.getDetail());
        assertNothingNamed("ownerless-0");
    }

    @Test
    void aBatchLargeEnoughToBeValidatedInPartsListsEveryViolationInDocumentOrder() {
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < 400; i++) {
            String owner = i == 7 || i == 250 || i == 399 ? "" : "team";
            batch.append(component(i == 300 ? "in-parts-3" : "in-parts-" + i, owner, "")).append("---\n");
        }
        Problem problem = rejectedYaml("INVALID_ENTITIES", batch.toString());

        assertEquals(List.of("/7/spec/owner", "/250/spec/owner", "/300/metadata/name", "/399/spec/owner"),
                pointers(problem));
        assertNothingNamed("in-parts-0");
    }

    @Test
    void rejectsANulCharacterWhichTheDatabaseCannotStoreWritingNothingOfTheBatch() {
        String nul = component("nul-last", "team", "").replace("metadata:\n  name: nul-last",
                "metadata:\n  name: nul-last\n  description: \"before\\0after\"");
        Problem problem = rejectedYaml("INVALID_ENTITIES", component("nul-first", "team", "") + "---\n" + nul);

        assertEquals(List.of("/1/metadata/description"), pointers(problem));
        assertNothingNamed("nul-first");
        assertNothingNamed("nul-last");
    }

    @Test
    void rejectsANulCharacterInAFieldNameOrAListItemWithWhereItIs() {
        String inName = component("nul-key", "team", "").replace("metadata:\n  name: nul-key",
                "metadata:\n  name: nul-key\n  annotations:\n    \"paved.dev/a\\0b\": \"x\"");
        String inList = component("nul-tag", "team", "").replace("metadata:\n  name: nul-tag",
                "metadata:\n  name: nul-tag\n  tags: [\"fine\", \"bad\\0tag\"]");
        Problem problem = rejectedYaml("INVALID_ENTITIES", inName + "---\n" + inList);

        assertEquals(List.of("/0/metadata/annotations/paved.dev~1a\0b", "/1/metadata/tags/1"), pointers(problem));
        assertNothingNamed("nul-key");
        assertNothingNamed("nul-tag");
    }

    @Test
    void rejectsALoneSurrogateWhichTheDatabaseWouldStoreAsAQuestionMarkAndKeepsAPairedOne() {
        String entity = "{\"apiVersion\":\"backstage.io/v1alpha1\",\"kind\":\"Component\",\"metadata\":{\"name\":"
                + "\"%s\",%s},\"spec\":{\"type\":\"service\",\"lifecycle\":\"production\",\"owner\":\"team\"}}";
        String paired = entity.formatted("surrogate-paired", "\"title\":\"launch \\ud83d\\ude80\"");
        String body = "[" + paired + "," + entity.formatted("surrogate-high", "\"title\":\"a\\ud800b\"") + ","
                + entity.formatted("surrogate-low", "\"annotations\":{\"paved.dev/\\udc00\":\"x\"}") + "]";
        Problem problem = failure(Status.Code.INVALID_ARGUMENT, "INVALID_ENTITIES", () -> admin().upsert(
                UpsertRequest.newBuilder().setFormat(DocumentFormat.DOCUMENT_FORMAT_JSON).setBody(body).build()));

        assertEquals(2, problem.getErrorsCount(), problem.toString());
        assertEquals("/1/metadata/title", problem.getErrors(0).getPointer());
        assertTrue(problem.getErrors(0).getMessage().contains("lone UTF-16 surrogate"), problem.toString());
        assertTrue(problem.getErrors(1).getPointer().startsWith("/2/metadata/annotations/"), problem.toString());
        assertNothingNamed("surrogate-paired");

        admin().upsert(UpsertRequest.newBuilder().setFormat(DocumentFormat.DOCUMENT_FORMAT_JSON).setBody(paired).build());
        assertTrue(get("Component", "default", "surrogate-paired").getJson().contains("launch \uD83D\uDE80"));
    }

    @Test
    void refusesADocumentFormatNumberTheContractDoesNotKnowInsteadOfGuessingWritingNothing() {
        Problem problem = failure(Status.Code.INVALID_ARGUMENT, "UNSUPPORTED_MEDIA_TYPE", () -> admin().upsert(
                UpsertRequest.newBuilder().setFormatValue(99).setBody(group("unknown-format")).build()));

        assertEquals(List.of("format"), pointers(problem));
        failure(Status.Code.NOT_FOUND, "ENTITY_NOT_FOUND", () -> get("Group", "default", "unknown-format"));
    }

    @Test
    void rejectsAnEmptyBody() {
        failure(Status.Code.INVALID_ARGUMENT, "EMPTY_BODY", () -> ingestYaml("   \n"));
    }

    @Test
    void rejectsUnknownFilterSyntax() {
        for (String filter : List.of("kind==component", "kind=a=b", "(kind=component)", "kind=component,,", "=x",
                "kind=")) {
            Problem problem = failure(Status.Code.INVALID_ARGUMENT, "INVALID_FILTER",
                    () -> admin().listEntities(ListEntitiesRequest.newBuilder().addFilter(filter).build()));
            assertEquals(List.of("filter"), pointers(problem), filter);
        }
        failure(Status.Code.INVALID_ARGUMENT, "INVALID_FILTER",
                () -> admin().facets(FacetsRequest.newBuilder().addFacet("kind").addFilter("kind!=x").build()));
    }

    @Test
    void rejectsANulCharacterInFilterValuesSearchTermsAndRefsWhichTheDatabaseCannotCompare() {
        for (String filter : List.of("kind=a\0b", "spec.type=a\0b", "relations.ownedBy=group:default/a\0b")) {
            Problem problem = failure(Status.Code.INVALID_ARGUMENT, "INVALID_FILTER",
                    () -> admin().listEntities(ListEntitiesRequest.newBuilder().addFilter(filter).build()));
            assertEquals(List.of("filter"), pointers(problem), filter);
        }
        failure(Status.Code.INVALID_ARGUMENT, "INVALID_FILTER",
                () -> admin().facets(FacetsRequest.newBuilder().addFacet("kind").addFilter("kind=a\0b").build()));
        Problem term = failure(Status.Code.INVALID_ARGUMENT, "INVALID_QUERY", () -> admin().listEntities(
                ListEntitiesRequest.newBuilder().setQ("a\0b").addQFields("metadata.name").build()));
        assertEquals(List.of("q"), pointers(term));
        Problem refs = failure(Status.Code.INVALID_ARGUMENT, "INVALID_ENTITY_REF", () -> admin().getEntitiesByRefs(
                GetEntitiesByRefsRequest.newBuilder().addRefs("component:default/ok").addRefs("component:default/a\0b")
                        .build()));
        assertEquals(List.of("/entityRefs/1"), pointers(refs));
    }

    @Test
    void rejectsAnInvalidCursorOrOneOfAnotherOrder() {
        Problem problem = failure(Status.Code.INVALID_ARGUMENT, "INVALID_CURSOR", () -> admin().listEntities(
                ListEntitiesRequest.newBuilder().setPage(PageRequest.newBuilder().setCursor("not-a-cursor")).build()));
        assertEquals(List.of("cursor"), pointers(problem));

        ingestYaml(group("cursor-a") + "---\n" + group("cursor-b"));
        String cursor = admin().listEntities(ListEntitiesRequest.newBuilder().addFilter("kind=group")
                .setPage(PageRequest.newBuilder().setLimit(1)).build()).getPage().getNextCursor();
        failure(Status.Code.INVALID_ARGUMENT, "INVALID_CURSOR", () -> admin().listEntities(ListEntitiesRequest
                .newBuilder().addFilter("kind=group").setOrder("metadata.name,desc")
                .setPage(PageRequest.newBuilder().setLimit(1).setCursor(cursor)).build()));
    }

    @Test
    void rejectsANegativeOrHugeLimit() {
        for (int limit : List.of(-1, 501, Integer.MAX_VALUE)) {
            Problem problem = failure(Status.Code.INVALID_ARGUMENT, "INVALID_LIMIT", () -> admin().listEntities(
                    ListEntitiesRequest.newBuilder().setPage(PageRequest.newBuilder().setLimit(limit)).build()));
            assertEquals(List.of("limit"), pointers(problem));
        }
        failure(Status.Code.INVALID_ARGUMENT, "INVALID_LIMIT",
                () -> admin().changes(ChangesRequest.newBuilder().setLimit(-5).build()));
    }

    @Test
    void rejectsBadOrderFieldsQueriesAndRefs() {
        failure(Status.Code.INVALID_ARGUMENT, "INVALID_ORDER",
                () -> admin().listEntities(ListEntitiesRequest.newBuilder().setOrder("metadata.name,sideways").build()));
        failure(Status.Code.INVALID_ARGUMENT, "INVALID_FIELDS",
                () -> admin().listEntities(ListEntitiesRequest.newBuilder().addFields("metadata..name").build()));
        failure(Status.Code.INVALID_ARGUMENT, "INVALID_QUERY",
                () -> admin().listEntities(ListEntitiesRequest.newBuilder().setQ("!!!").build()));
        Problem refs = failure(Status.Code.INVALID_ARGUMENT, "INVALID_ENTITY_REF", () -> admin().getEntitiesByRefs(
                GetEntitiesByRefsRequest.newBuilder().addRefs("component:default/ok").addRefs("no-kind").build()));
        assertEquals(List.of("/entityRefs/1"), pointers(refs));
        failure(Status.Code.INVALID_ARGUMENT, "INVALID_ENTITY_REF", () -> admin().getEntity(
                GetEntityRequest.newBuilder().setKind("component").setName("a/b").build()));
        failure(Status.Code.INVALID_ARGUMENT, "INVALID_DEPTH", () -> admin().graph(GraphRequest.newBuilder()
                .setKind("group").setName("cursor-a").setDepth(99).build()));
        failure(Status.Code.INVALID_ARGUMENT, "INVALID_REVISION",
                () -> admin().changes(ChangesRequest.newBuilder().setSince(-1).build()));
    }

    @Test
    void aFieldPathWithAnEmptySegmentIsRefusedByEveryParameterThatNamesFields() {
        for (String path : List.of("spec..type", ".spec", "spec.")) {
            Problem facet = failure(Status.Code.INVALID_ARGUMENT, "INVALID_FACET",
                    () -> admin().facets(FacetsRequest.newBuilder().addFacet(path).build()));
            assertEquals(List.of("facet"), pointers(facet), path);
            Problem fields = failure(Status.Code.INVALID_ARGUMENT, "INVALID_FIELDS",
                    () -> admin().listEntities(ListEntitiesRequest.newBuilder().addFields(path).build()));
            assertEquals(List.of("fields"), pointers(fields), path);
            Problem order = failure(Status.Code.INVALID_ARGUMENT, "INVALID_ORDER",
                    () -> admin().listEntities(ListEntitiesRequest.newBuilder().setOrder(path + ",asc").build()));
            assertEquals(List.of("order"), pointers(order), path);
            Problem filter = failure(Status.Code.INVALID_ARGUMENT, "INVALID_FILTER",
                    () -> admin().listEntities(ListEntitiesRequest.newBuilder().addFilter(path + "=x").build()));
            assertEquals(List.of("filter"), pointers(filter), path);
            Problem textFields = failure(Status.Code.INVALID_ARGUMENT, "INVALID_QUERY", () -> admin().listEntities(
                    ListEntitiesRequest.newBuilder().setQ("pay").addQFields(path).build()));
            assertEquals(List.of("qFields"), pointers(textFields), path);
        }
        admin().facets(FacetsRequest.newBuilder().addFacet("metadata.annotations.backstage.io/techdocs-ref").build());
    }

    @Test
    void rejectsAnInvalidLocation() {
        failure(Status.Code.INVALID_ARGUMENT, "INVALID_LOCATION", () -> admin().upsert(UpsertRequest.newBuilder()
                .setBody(group("bad-location")).setLocation("no spaces allowed").build()));
    }

    @Test
    void aRequestThatIsNotAValidMessageIsRefusedAsMalformedOnUnaryAndStreamingCalls() {
        // GetEntityRequest's kind holding ED A0 80, a lone surrogate, which UTF-8 cannot encode.
        byte[] loneSurrogate = {0x0A, 3, (byte) 0xED, (byte) 0xA0, (byte) 0x80};
        // WatchRequest's since without its value.
        byte[] truncated = {0x08};

        Problem unary = failure(Status.Code.INVALID_ARGUMENT, "MALFORMED_REQUEST",
                () -> ClientCalls.blockingUnaryCall(rawCall(CatalogServiceGrpc.getGetEntityMethod()), loneSurrogate));
        assertTrue(unary.getDetail().contains("UTF-8"), unary.getDetail());
        failure(Status.Code.INVALID_ARGUMENT, "MALFORMED_REQUEST", () -> ClientCalls.blockingServerStreamingCall(
                rawCall(CatalogServiceGrpc.getWatchMethod()), truncated).hasNext());
        assertTrue(ClientCalls.blockingUnaryCall(rawCall(CatalogServiceGrpc.getChangesMethod()), new byte[] {0x08, 1})
                .length > 0, "a well-formed request is served");
    }

    /** A call of the method that sends and receives bytes as they are, with the admin's token. */
    private static ClientCall<byte[], byte[]> rawCall(MethodDescriptor<?, ?> method) {
        MethodDescriptor<byte[], byte[]> raw = method.toBuilder(RAW, RAW).build();
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + ADMIN);
        return ClientInterceptors.intercept(channel(), MetadataUtils.newAttachHeadersInterceptor(headers))
                .newCall(raw, CallOptions.DEFAULT.withDeadlineAfter(30, TimeUnit.SECONDS));
    }

    private static final MethodDescriptor.Marshaller<byte[]> RAW = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    };
}
