package dev.paved.provisioning.goldenpaths.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;

class GoldenPathRendererTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final GoldenPathRenderer renderer = new GoldenPathRenderer();

    static GoldenPathVersion builtIn(String name) {
        return BuiltInGoldenPaths.load().stream().filter(version -> version.name().equals(name)).findFirst()
                .orElseThrow();
    }

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    @Test
    void builtInsAreTheThreeGoldenPathsAtVersionOne() {
        List<GoldenPathVersion> versions = BuiltInGoldenPaths.load();

        assertEquals(List.of("web-service/1.0.0/Deployment", "worker/1.0.0/Deployment", "cron-job/1.0.0/CronJob"),
                versions.stream().map(v -> v.name() + "/" + v.version() + "/" + v.workloadKind()).toList());
        versions.forEach(version -> {
            assertTrue(version.builtIn());
            assertEquals("paved", version.createdBy());
            assertEquals(Instant.EPOCH, version.createdAt());
            assertTrue(version.description().length() > 20, version.name());
        });
    }

    @Test
    void missingParametersTakeTheSchemaDefaults() throws Exception {
        JsonNode parameters = renderer.parameters(builtIn("web-service"), null, "/parameters");

        assertEquals(json("""
                {"autoscaling":true,"minReplicas":2,"maxReplicas":5,"targetCPUUtilization":75,"maxUnavailable":1,
                 "maxSurge":"25%","progressDeadlineSeconds":300,
                 "ingress":{"enabled":false,"path":"/","className":"nginx"}}"""), parameters);
    }

    @Test
    void givenParametersWinOverDefaultsAndAreNotChangedInPlace() throws Exception {
        JsonNode given = json("{\"maxReplicas\":9,\"ingress\":{\"enabled\":true}}");

        JsonNode parameters = renderer.parameters(builtIn("web-service"), given, "/parameters");

        assertEquals(9, parameters.get("maxReplicas").asInt());
        assertEquals("/", parameters.at("/ingress/path").asText());
        assertEquals(json("{\"maxReplicas\":9,\"ingress\":{\"enabled\":true}}"), given);
    }

    @ParameterizedTest(name = "{0} {1} fails at {2}")
    @CsvSource(delimiter = '|', value = {
            "web-service | {\"minReplicas\":0}                  | /parameters/minReplicas",
            "web-service | {\"colour\":\"blue\"}                | /parameters/colour",
            "web-service | {\"ingress\":{\"enabled\":\"yes\"}}  | /parameters/ingress/enabled",
            "web-service | {\"maxUnavailable\":\"half\"}        | /parameters/maxUnavailable",
            "worker      | {\"maxReplicas\":1000}               | /parameters/maxReplicas",
            "cron-job    | {}                                   | /parameters/schedule",
            "cron-job    | {\"schedule\":\"often\"}             | /parameters/schedule",
            "cron-job    | {\"schedule\":\"@daily\",\"concurrencyPolicy\":\"Sometimes\"} | /parameters/concurrencyPolicy",
    })
    void parametersFailingTheSchemaPointIntoParameters(String goldenPath, String given, String pointer)
            throws Exception {
        ProblemException problem = assertThrows(ProblemException.class,
                () -> renderer.parameters(builtIn(goldenPath), json(given), "/parameters"));

        assertEquals(422, problem.status());
        assertEquals("INVALID_PARAMETERS", problem.code());
        assertEquals(List.of(pointer), problem.errors().stream().map(Violation::pointer).distinct().toList(),
                problem.errors().toString());
    }

    @Test
    void everyFailureOfOneDocumentIsListed() throws Exception {
        ProblemException problem = assertThrows(ProblemException.class, () -> renderer.parameters(
                builtIn("worker"), json("{\"minReplicas\":0,\"maxReplicas\":0,\"x\":1}"), "/parameters"));

        assertEquals(List.of("/parameters/maxReplicas", "/parameters/minReplicas", "/parameters/x"),
                problem.errors().stream().map(Violation::pointer).toList());
    }

    @Test
    void parametersThatAreNotAnObjectAreRefused() throws Exception {
        ProblemException problem = assertThrows(ProblemException.class,
                () -> renderer.parameters(builtIn("worker"), json("[1]"), "/parameters"));

        assertEquals("/parameters", problem.errors().get(0).pointer());
    }

    @Test
    void renderedObjectsLandInTheContextsNamespaceAndSkipEmptyDocuments() {
        GoldenPathVersion version = custom("""
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: {workload}
                  labels: {labels.json}
                data:
                  team: {team.json}
                ---
                ---
                """);

        List<ObjectNode> objects = renderer.render(version, context());

        assertEquals(1, objects.size());
        assertEquals("shop-dev", objects.get(0).at("/metadata/namespace").asText());
        assertEquals("payments", objects.get(0).at("/data/team").asText());
        assertEquals("api", objects.get(0).at("/metadata/labels/app").asText());
    }

    @Test
    void thePodTemplateIsPlacedAsAnObjectWhereverItIsWrittenAndAsItsJsonInAString() throws Exception {
        GoldenPathVersion version = custom("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: {workload}
                spec:
                  template: {podTemplate.raw}
                ---
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: {workload}-pod
                data:
                  pod: {podTemplate.json}
                  again: [{podTemplate}]
                  lookalike:
                    paved.dev/pod-template: not the pod template
                """);
        ObjectNode pod = (ObjectNode) json("""
                {"metadata": {"labels": {"app": "api"}},
                 "spec": {"containers": [{"name": "main", "image": "ghcr.io/acme/api:1.0.0", "args": ["--x=\\"y\\""]}]}}
                """);

        List<ObjectNode> objects = renderer.render(version, context(pod));

        assertEquals(pod, objects.get(0).at("/spec/template"));
        assertEquals(pod, json(objects.get(1).at("/data/pod").asText()));
        assertEquals(pod, objects.get(1).at("/data/again/0"));
        assertEquals(json("{\"paved.dev/pod-template\": \"not the pod template\"}"), objects.get(1).at("/data/lookalike"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "unknown property      | 'kind: {nothing.here}'",
            "unterminated section  | '{#if true}kind: x'",
            "not YAML              | 'a: [b'",
            "no kind               | 'apiVersion: v1\nmetadata:\n  name: x'",
            "no name               | 'apiVersion: v1\nkind: ConfigMap\nmetadata: {labels.json}'",
            "a list, not an object | '- a'",
    })
    void brokenTemplatesFailAs422NotAsServerErrors(String why, String template) {
        ProblemException problem = assertThrows(ProblemException.class,
                () -> renderer.render(custom(template), context()));

        assertEquals(422, problem.status(), why);
        assertEquals("GOLDEN_PATH_RENDER_FAILED", problem.code(), why);
    }

    @Test
    void aParameterThatMakesALineOverTheYamlLimitFailsTheRenderingBeforeItIsParsed() {
        GoldenPathVersion version = custom("""
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: {workload}
                data:
                  note: {parameters.note.json}
                """);
        ObjectNode parameters = JSON.createObjectNode().put("note", "x".repeat(300_000));
        RenderContext context = new RenderContext("api", "shop-dev", "shop-dev", "payments", "shop", "dev",
                Map.of(), Map.of(), Map.of(), 1, List.of(), JSON.createObjectNode(), "api.example.com", parameters);

        ProblemException problem = assertThrows(ProblemException.class, () -> renderer.render(version, context));

        assertEquals(422, problem.status());
        assertEquals("GOLDEN_PATH_RENDER_FAILED", problem.code());
        assertTrue(problem.getMessage().endsWith("in the YAML it produced, line 6 is 300010 characters long; a YAML "
                + "line may have at most 262144"), problem.getMessage());
    }

    private static GoldenPathVersion custom(String template) {
        return new GoldenPathVersion("custom-" + Math.abs(template.hashCode()), "1.0.0", "test", "{}", template,
                "Deployment", false, false, "test", Instant.EPOCH);
    }

    private static RenderContext context() {
        return context(JSON.createObjectNode());
    }

    private static RenderContext context(ObjectNode podTemplate) {
        return new RenderContext("api", "shop-dev", "shop-dev", "payments", "shop", "dev", Map.of("app", "api"),
                Map.of("app", "api"), Map.of(), 1, List.of(), podTemplate, "api.example.com", JSON.createObjectNode());
    }
}
