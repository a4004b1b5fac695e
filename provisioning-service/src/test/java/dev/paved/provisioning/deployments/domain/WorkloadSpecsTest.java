package dev.paved.provisioning.deployments.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;

class WorkloadSpecsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCORE_API = """
                apiVersion: score.dev/v1b1
                metadata:
                  name: api
                containers:
                  main:
                    image: nginx:1.27.0
                """;

    private static ProblemException refused(SubmittedSpec submitted) {
        return assertThrows(ProblemException.class, () -> WorkloadSpecs.parse(submitted));
    }

    private static List<String> pointers(ProblemException problem) {
        return problem.errors().stream().map(Violation::pointer).toList();
    }

    private static String nativeWithout(String field) throws Exception {
        ObjectNode spec = (ObjectNode) JSON.readTree(Fixtures.NATIVE);
        spec.remove(field);
        return spec.toString();
    }

    @Test
    void nativeSpecAndScoreFileReadIntoTheSameSpec() throws Exception {
        WorkloadSpec fromNative = Fixtures.spec(nativeWithout("secretRefs"));
        WorkloadSpec fromScore = Fixtures.scoreSpec();

        assertEquals(fromNative.toJson(), fromScore.toJson());
        assertEquals(WorkloadSpec.Format.NATIVE, fromNative.format());
        assertEquals(WorkloadSpec.Format.SCORE, fromScore.format());
    }

    @Test
    void canonicalFormReadsBackToTheSameSpec() {
        WorkloadSpec spec = Fixtures.nativeSpec();

        WorkloadSpec again = WorkloadSpec.fromJson(spec.toJson());

        assertEquals(spec, again);
        assertEquals(spec.toJson(), again.toJson());
    }

    @Test
    void metadataPlaceholdersAreSubstitutedAndResourcePlaceholdersStay() {
        WorkloadSpec spec = Fixtures.nativeSpec();

        assertEquals("hello api in slow", spec.variables().get("GREETING"));
        assertEquals("${resources.db.host}", spec.variables().get("DB_HOST"));
        assertEquals(List.of("--name", "api", "--db-password", "${resources.db.password}"), spec.args());
    }

    @Test
    void doubleDollarEscapesAPlaceholderAndStaysEscapedInTheStoredForm() {
        WorkloadSpec spec = Fixtures.spec("""
                {"name": "api", "image": "nginx:1.27.0", "variables": {"A": "$${metadata.name} is ${metadata.name}"},
                 "annotations": {"note": "${looks.like.a.placeholder}"}}""");

        assertEquals("$${metadata.name} is api", spec.variables().get("A"));
        assertEquals(spec, WorkloadSpec.fromJson(spec.toJson()));
        assertEquals(List.of(new Placeholders.Segment("${metadata.name} is api", null, null)),
                Placeholders.segments(spec.variables().get("A")));
    }

    @Test
    void annotationValuesSubstitutedIntoStringsCannotBecomePlaceholders() {
        WorkloadSpec spec = Fixtures.spec("""
                {"name": "api", "image": "nginx:1.27.0", "annotations": {"note": "${resources.x.y}"},
                 "variables": {"NOTE": "${metadata.annotations.note}"}}""");

        assertEquals("$${resources.x.y}", spec.variables().get("NOTE"));
        assertEquals("${resources.x.y}", Placeholders.segments(spec.variables().get("NOTE")).get(0).text());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown top-level field     | {\"name\":\"api\",\"image\":\"nginx:1.27.0\",\"colour\":\"red\"} | /colour",
            "missing name                | {\"image\":\"nginx:1.27.0\"} | /name",
            "name not a label            | {\"name\":\"My_Api\",\"image\":\"nginx:1.27.0\"} | /name",
            "name starting with a digit  | {\"name\":\"1api\",\"image\":\"nginx:1.27.0\"} | /name",
            "missing image               | {\"name\":\"api\"} | /image",
            "invalid image reference     | {\"name\":\"api\",\"image\":\"Nginx:1.27.0\"} | /image",
            "image with bad digest       | {\"name\":\"api\",\"image\":\"nginx@sha256:abc\"} | /image",
            "unknown placeholder         | {\"name\":\"api\",\"image\":\"nginx:1.27.0\",\"variables\":{\"DB_HOST\":\"${database.host}\"}} | /variables/DB_HOST",
            "unknown annotation          | {\"name\":\"api\",\"image\":\"nginx:1.27.0\",\"variables\":{\"A\":\"${metadata.annotations.x}\"}} | /variables/A",
            "unterminated placeholder    | {\"name\":\"api\",\"image\":\"nginx:1.27.0\",\"args\":[\"ok\",\"${metadata.name\"]} | /args/1",
            "unknown resource            | {\"name\":\"api\",\"image\":\"nginx:1.27.0\",\"variables\":{\"DB_HOST\":\"${resources.db.host}\"}} | /variables/DB_HOST",
            "unknown output              | {\"name\":\"api\",\"image\":\"nginx:1.27.0\",\"variables\":{\"DB\":\"${resources.db.hostname}\"},\"provisions\":{\"db\":{\"type\":\"postgres\"}}} | /variables/DB",
            "unknown resource type       | {\"name\":\"api\",\"image\":\"nginx:1.27.0\",\"provisions\":{\"q\":{\"type\":\"kafka\"}}} | /provisions/q/type",
            "unknown field of resource   | {\"name\":\"api\",\"image\":\"nginx:1.27.0\",\"provisions\":{\"q\":{\"type\":\"dns\",\"size\":1}}} | /provisions/q/size",
            "unknown param of resource   | {\"name\":\"api\",\"image\":\"nginx:1.27.0\",\"provisions\":{\"w\":{\"type\":\"route\",\"params\":{\"colour\":1}}}} | /provisions/w/params/colour",
            "route host not a host name  | {\"name\":\"api\",\"image\":\"nginx:1.27.0\",\"provisions\":{\"w\":{\"type\":\"route\",\"params\":{\"host\":\"Shop Front\"}}}} | /provisions/w/params/host",
            "resource output in params   | {\"name\":\"api\",\"image\":\"nginx:1.27.0\",\"provisions\":{\"w\":{\"type\":\"route\",\"params\":{\"host\":\"${resources.d.host}\"}},\"d\":{\"type\":\"dns\"}}} | /provisions/w/params/host",
            "secret output in a file     | {\"name\":\"api\",\"image\":\"nginx:1.27.0\",\"files\":[{\"path\":\"/etc/a\",\"content\":\"${resources.db.password}\"}],\"provisions\":{\"db\":{\"type\":\"postgres\"}}} | /files/0/content",
            "relative file path          | {\"name\":\"api\",\"image\":\"nginx:1.27.0\",\"files\":[{\"path\":\"etc/a\",\"content\":\"x\"}]} | /files/0/path",
            "bad file mode               | {\"name\":\"api\",\"image\":\"nginx:1.27.0\",\"files\":[{\"path\":\"/etc/a\",\"content\":\"x\",\"mode\":\"rw\"}]} | /files/0/mode",
            "volume of a non-volume      | {\"name\":\"api\",\"image\":\"nginx:1.27.0\",\"volumes\":[{\"path\":\"/d\",\"source\":\"${resources.db.host}\"}],\"provisions\":{\"db\":{\"type\":\"postgres\"}}} | /volumes/0/source",
            "bad quantity                | {\"name\":\"api\",\"image\":\"nginx:1.27.0\",\"resources\":{\"limits\":{\"cpu\":\"lots\"}}} | /resources/limits/cpu",
            "unknown quantity            | {\"name\":\"api\",\"image\":\"nginx:1.27.0\",\"resources\":{\"limits\":{\"gpu\":\"1\"}}} | /resources/limits/gpu",
            "probe with neither          | {\"name\":\"api\",\"image\":\"nginx:1.27.0\",\"livenessProbe\":{\"periodSeconds\":5}} | /livenessProbe",
            "probe port out of range     | {\"name\":\"api\",\"image\":\"nginx:1.27.0\",\"readinessProbe\":{\"httpGet\":{\"path\":\"/\",\"port\":70000}}} | /readinessProbe/httpGet/port",
            "port name too long          | {\"name\":\"api\",\"image\":\"nginx:1.27.0\",\"ports\":[{\"name\":\"a-very-long-port-name\",\"port\":80}]} | /ports/0/name",
            "duplicate port              | {\"name\":\"api\",\"image\":\"nginx:1.27.0\",\"ports\":[{\"name\":\"a\",\"port\":80},{\"name\":\"b\",\"port\":80}]} | /ports",
            "bad variable name           | {\"name\":\"api\",\"image\":\"nginx:1.27.0\",\"variables\":{\"1X\":\"y\"}} | /variables/1X",
            "variable also a secret      | {\"name\":\"api\",\"image\":\"nginx:1.27.0\",\"variables\":{\"K\":\"y\"},\"secretRefs\":{\"K\":{\"secret\":\"s\",\"key\":\"k\"}}} | /secretRefs/K",
            "secret ref without key      | {\"name\":\"api\",\"image\":\"nginx:1.27.0\",\"secretRefs\":{\"K\":{\"secret\":\"s\"}}} | /secretRefs/K/key",
            "replicas negative           | {\"name\":\"api\",\"image\":\"nginx:1.27.0\",\"replicas\":-1} | /replicas",
            "parameters not an object    | {\"name\":\"api\",\"image\":\"nginx:1.27.0\",\"parameters\":[1]} | /parameters",
            "golden path not a name      | {\"name\":\"api\",\"image\":\"nginx:1.27.0\",\"goldenPath\":\"Web Service\"} | /goldenPath",
            "bad annotation key          | {\"name\":\"api\",\"image\":\"nginx:1.27.0\",\"annotations\":{\"a b\":\"c\"}} | /annotations/a b",
    })
    void badNativeSpecsPointAtTheirProblem(String why, String document, String pointer) {
        ProblemException problem = refused(SubmittedSpec.json(document));

        assertEquals(422, problem.status(), why);
        assertEquals("INVALID_WORKLOAD_SPEC", problem.code(), why);
        assertEquals(List.of(pointer), pointers(problem), why + ": " + problem.errors());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown placeholder     | 'DB_HOST: ${db.host}'                    | /containers/main/variables/DB_HOST",
            "unknown resource        | 'DB_HOST: ${resources.cache.host}'       | /containers/main/variables/DB_HOST",
            "unknown output          | 'DB_HOST: ${resources.db.hostname}'      | /containers/main/variables/DB_HOST",
            "resource without output | 'DB_HOST: ${resources.db}'               | /containers/main/variables/DB_HOST",
    })
    void badScorePlaceholdersPointIntoTheContainer(String why, String variable, String pointer) {
        String score = """
                apiVersion: score.dev/v1b1
                metadata: {name: api}
                containers:
                  main:
                    image: nginx:1.27.0
                    variables:
                      %s
                resources:
                  db: {type: postgres}
                """.formatted(variable);

        assertEquals(List.of(pointer), pointers(refused(SubmittedSpec.score(score))), why);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "wrong apiVersion        | 'apiVersion: score.dev/v2\nmetadata: {name: api}\ncontainers: {main: {image: nginx:1.27.0}}' | /apiVersion",
            "unknown top-level field | 'apiVersion: score.dev/v1b1\nmetadata: {name: api}\ncontainers: {main: {image: nginx:1.27.0}}\nroutes: {}' | /routes",
            "unknown metadata field  | 'apiVersion: score.dev/v1b1\nmetadata: {name: api, owner: me}\ncontainers: {main: {image: nginx:1.27.0}}' | /metadata/owner",
            "unknown container field | 'apiVersion: score.dev/v1b1\nmetadata: {name: api}\ncontainers: {main: {image: nginx:1.27.0, gpu: 1}}' | /containers/main/gpu",
            "two containers          | 'apiVersion: score.dev/v1b1\nmetadata: {name: api}\ncontainers: {main: {image: nginx:1.27.0}, side: {image: busybox:1.36}}' | /containers",
            "bad name                | 'apiVersion: score.dev/v1b1\nmetadata: {name: API}\ncontainers: {main: {image: nginx:1.27.0}}' | /metadata/name",
            "invalid image           | 'apiVersion: score.dev/v1b1\nmetadata: {name: api}\ncontainers: {main: {image: \"nginx:\"}}' | /containers/main/image",
            "unknown resource type   | 'apiVersion: score.dev/v1b1\nmetadata: {name: api}\ncontainers: {main: {image: nginx:1.27.0}}\nresources: {q: {type: redis}}' | /resources/q/type",
            "unknown port field      | 'apiVersion: score.dev/v1b1\nmetadata: {name: api}\ncontainers: {main: {image: nginx:1.27.0}}\nservice: {ports: {http: {port: 80, nodePort: 3}}}' | /service/ports/http/nodePort",
            "unknown file field      | 'apiVersion: score.dev/v1b1\nmetadata: {name: api}\ncontainers: {main: {image: nginx:1.27.0, files: [{target: /a, content: x, source: ./a}]}}' | /containers/main/files/0/source",
            "probe field Score lacks | 'apiVersion: score.dev/v1b1\nmetadata: {name: api}\ncontainers: {main: {image: nginx:1.27.0, livenessProbe: {httpGet: {path: /, port: 80}, periodSeconds: 3}}}' | /containers/main/livenessProbe/periodSeconds",
    })
    void badScoreFilesPointAtTheirProblem(String why, String score, String pointer) {
        ProblemException problem = refused(SubmittedSpec.score(score));

        assertEquals(422, problem.status(), why);
        assertEquals(List.of(pointer), pointers(problem), why + ": " + problem.errors());
    }

    @Test
    void everyProblemOfOneDocumentComesInOneAnswer() {
        ProblemException problem = refused(SubmittedSpec.json("""
                {"name": "API", "image": "nginx", "colour": 1, "variables": {"A": "${nope}"}}"""));

        assertEquals(List.of("/colour", "/name", "/variables/A"), pointers(problem).stream().sorted().toList());
    }

    @Test
    void invalidYamlIsABadRequestNamingLineAndColumn() {
        ProblemException problem = refused(SubmittedSpec.score("""
                apiVersion: score.dev/v1b1
                metadata:
                  name: api
                 containers: [
                """));

        assertEquals(400, problem.status());
        assertEquals("INVALID_SPEC", problem.code());
        assertTrue(problem.getMessage().contains("line 4"), problem.getMessage());
        assertTrue(problem.getMessage().contains("column"), problem.getMessage());
    }

    @Test
    void invalidJsonIsABadRequestNamingLineAndColumn() {
        ProblemException problem = refused(SubmittedSpec.json("{\n  \"name\": \"api\",\n  \"image\": }"));

        assertEquals(400, problem.status());
        assertTrue(problem.getMessage().contains("line 3, column"), problem.getMessage());
    }

    @Test
    void aMismatchedCloseSaysWhereTheValueStartedWithoutTheParsersInternalNotes() {
        ProblemException problem = refused(SubmittedSpec.json("{\"name\": \"api\"]"));

        assertEquals(400, problem.status());
        assertTrue(problem.getMessage().contains("for Object starting at line 1, column 1"), problem.getMessage());
        assertFalse(problem.getMessage().contains("Source"), problem.getMessage());
    }

    @Test
    void duplicateKeysAreInvalid() {
        assertEquals(400, refused(SubmittedSpec.json("{\"name\":\"a\",\"name\":\"b\"}")).status());
    }

    @Test
    void exactlyOneDocumentIsAccepted() {
        assertEquals(400, refused(new SubmittedSpec(null, null, null, null, Map.of(), null)).status());
        assertEquals(400, refused(new SubmittedSpec("{}", "a: b", null, null, Map.of(), null)).status());
    }

    @Test
    void aSecondYamlDocumentIsRefusedRatherThanIgnored() {
        ProblemException problem = refused(SubmittedSpec.score(SCORE_API + """
                ---
                apiVersion: score.dev/v1b1
                metadata:
                  name: other
                """));

        assertEquals(400, problem.status());
        assertEquals("INVALID_SPEC", problem.code());
        assertTrue(problem.getMessage().contains("line 8"), problem.getMessage());
    }

    @Test
    void contentAfterTheJsonDocumentIsRefusedRatherThanIgnored() {
        ProblemException problem = refused(SubmittedSpec.json(
                "{\"name\": \"api\", \"image\": \"nginx:1.27.0\"} {\"name\": \"other\"}"));

        assertEquals(400, problem.status());
        assertEquals("INVALID_SPEC", problem.code());
    }

    @Test
    void aSpecLongerThanAConfigMapHoldsIsRefusedBeforeItIsRead() {
        String variables = "    variables:\n" + "      V: x\n".repeat(100_000);
        ProblemException yaml = refused(SubmittedSpec.score(SCORE_API + variables));
        ProblemException json = refused(SubmittedSpec.json("{\"name\": \"api\", \"image\": \"" + "x".repeat(1_048_576)
                + "\"}"));

        assertEquals(400, yaml.status());
        assertEquals("INVALID_SPEC", yaml.code());
        assertEquals(List.of(Violation.at("", "is 1100108 characters long; a workload spec may have at most 1048576")),
                yaml.errors());
        assertEquals("INVALID_SPEC", json.code());
        assertEquals(List.of(""), pointers(json));
    }

    @Test
    void aScoreFileWithALineOverTheYamlLimitIsRefusedBeforeItIsParsed() {
        ProblemException problem = refused(SubmittedSpec.score(SCORE_API + "    variables:\n      V: "
                + "x".repeat(300_000) + "\n      REGION: &region eu-west-1\n      BACKUP: *region\n"));

        assertEquals(400, problem.status());
        assertEquals("YAML_LINE_TOO_LONG", problem.code());
        assertEquals(List.of(Violation.at("", "line 8 is 300009 characters long; a YAML line may have at most 262144")),
                problem.errors());
    }

    @Test
    void aYamlAliasIsRefusedAtItsPlaceRatherThanReadAsTheAnchorsName() {
        ProblemException problem = refused(SubmittedSpec.score(SCORE_API + """
                    variables:
                      REGION: &region eu-west-1
                      BACKUP_REGION: *region
                """));

        assertEquals(400, problem.status());
        assertEquals("INVALID_SPEC", problem.code());
        assertEquals(List.of("/containers/main/variables/BACKUP_REGION"), pointers(problem));
        assertTrue(problem.getMessage().contains("line 9"), problem.getMessage());
    }

    @Test
    void theNulCharacterThatNoColumnCanStoreIsRefusedWhereItIs() {
        ProblemException problem = refused(SubmittedSpec.json("""
                {"name": "api", "image": "nginx:1.27.0", "variables": {"A": "x\\u0000y", "B\\u0000": "z"}}"""));

        assertEquals(422, problem.status());
        assertEquals("INVALID_WORKLOAD_SPEC", problem.code());
        assertEquals(List.of("/variables/A", "/variables/B\u0000"), pointers(problem));
    }

    @Test
    void aDocumentThatIsNotAnObjectIsRefused() {
        assertEquals(List.of(""), pointers(refused(SubmittedSpec.json("[1, 2]"))));
    }

    @Test
    void queryOverridesWinOverTheDocument() {
        WorkloadSpec spec = WorkloadSpecs.parse(new SubmittedSpec("""
                {"name": "api", "image": "nginx:1.27.0", "goldenPath": "worker", "replicas": 1,
                 "parameters": {"maxReplicas": 3, "autoscaling": true}}""", null, "web-service", "1.0.0",
                Map.of("maxReplicas", "7", "autoscaling", "false", "ingress", "yes"), 2));

        assertEquals("web-service", spec.goldenPath());
        assertEquals("1.0.0", spec.goldenPathVersion());
        assertEquals(2, spec.replicas());
        assertEquals(7, spec.parameters().get("maxReplicas").intValue());
        assertEquals(false, spec.parameters().get("autoscaling").booleanValue());
        assertEquals("yes", spec.parameters().get("ingress").textValue());
    }

    @Test
    void badOverridesAreReportedAsParameters() {
        ProblemException problem = refused(new SubmittedSpec(Fixtures.NATIVE, null, "Not A Name", "1.0/0",
                Map.of(), -3));

        assertEquals(List.of("goldenPath", "goldenPathVersion", "replicas"),
                problem.errors().stream().map(Violation::parameter).sorted().toList());
    }

    @Test
    void imagesCanBePinnedAndTheComponentComesFromAnAnnotation() {
        WorkloadSpec spec = Fixtures.spec("""
                {"name": "api", "image": "nginx:1.27.0", "annotations": {"paved.dev/component": "storefront"}}""");
        String pinned = "nginx:1.27.0@sha256:" + "a".repeat(64);

        assertEquals(Map.of("main", "nginx:1.27.0"), spec.images());
        assertEquals(pinned, spec.withImages(Map.of("main", pinned)).image());
        assertEquals("storefront", spec.component());
        assertNull(Fixtures.spec("{\"name\": \"api\", \"image\": \"nginx:1.27.0\"}").component());
        assertThrows(IllegalArgumentException.class, () -> spec.withImages(Map.of("sidecar", pinned)));
    }
}
