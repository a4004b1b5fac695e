package dev.paved.provisioning.goldenpaths.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;

class GoldenPathValidatorTest {

    private static final String SCHEMA = """
            {"type": "object", "properties": {"greeting": {"type": "string"}}}""";
    private static final String TEMPLATE = "kind: Deployment\nmetadata:\n  name: {workload}\n";

    private final GoldenPathValidator validator = new GoldenPathValidator(new ObjectMapper());

    private static GoldenPathVersion draft(String name, String version, String schema, String template, String kind) {
        return new GoldenPathVersion(name, version, "", schema, template, kind, false, false, null, null);
    }

    private ProblemException refused(GoldenPathVersion draft) {
        return assertThrows(ProblemException.class, () -> validator.check(draft));
    }

    private static List<String> pointers(ProblemException problem) {
        return problem.errors().stream().map(Violation::pointer).toList();
    }

    @Test
    void acceptsAValidVersion() {
        validator.check(draft("web", "1.0.0", SCHEMA, TEMPLATE, "Deployment"));
        validator.check(draft("nightly", "0.1.12", "{\"type\": \"object\"}", TEMPLATE, "CronJob"));
    }

    @Test
    void acceptsEveryBuiltInVersion() {
        BuiltInGoldenPaths.load().forEach(validator::check);
    }

    @Test
    void aSchemaThatIsNotJsonSaysWhereWithoutTheParsersInternalNotes() {
        ProblemException problem = refused(draft("web", "1.0.0", "{\"type\": \"object\"]", TEMPLATE, "Deployment"));
        assertEquals(List.of("/parametersSchema"), pointers(problem));
        String message = problem.errors().get(0).message();
        assertTrue(message.contains("for Object starting at line 1, column 1"), message);
        assertFalse(message.contains("Source"), message);
    }

    @Test
    void refusesParametersThatAreNotAnObject() {
        ProblemException problem = refused(draft("web", "1.0.0", "{\"type\": \"string\"}", TEMPLATE, "Deployment"));
        assertEquals("INVALID_PARAMETERS_SCHEMA", problem.code());
        assertEquals(List.of("/parametersSchema/type"), pointers(problem));
    }

    @Test
    void refusesATemplateOrSchemaLongerThanTheLimit() {
        String longTemplate = TEMPLATE + "# padding\n".repeat(30_000);
        String longSchema = "{\"type\": \"object\", \"description\": \"" + "x".repeat(262_144) + "\"}";

        ProblemException template = refused(draft("web", "1.0.0", SCHEMA, longTemplate, "Deployment"));
        ProblemException schema = refused(draft("web", "1.0.0", longSchema, TEMPLATE, "Deployment"));

        assertEquals(422, template.status());
        assertEquals("INVALID_TEMPLATE", template.code());
        assertEquals(List.of(Violation.at("/template", "is " + longTemplate.length()
                + " characters long; a template may have at most 262144")), template.errors());
        assertEquals(422, schema.status());
        assertEquals("INVALID_PARAMETERS_SCHEMA", schema.code());
        assertEquals(List.of(Violation.at("/parametersSchema", "is 262181 characters long; a parameters schema may "
                + "have at most 262144")), schema.errors());
    }

    @Test
    void namesEveryBadFieldAtOnce() {
        ProblemException problem = refused(draft("Web_Service", "1.0", SCHEMA, TEMPLATE, "StatefulSet"));
        assertEquals(400, problem.status());
        assertEquals("INVALID_GOLDEN_PATH_VERSION", problem.code());
        assertEquals(List.of("/name", "/version", "/workloadKind"), pointers(problem));
    }

    @Test
    void refusesTheNulCharacterThatNoColumnCanStoreWhereItIs() {
        GoldenPathVersion draft = new GoldenPathVersion("web", "1.0.0", "a\0b", SCHEMA, "# \0\n" + TEMPLATE,
                "Deployment", false, false, null, null);
        assertEquals(List.of("/description", "/template"), pointers(refused(draft)));

        ProblemException schema = refused(draft("web", "1.0.0",
                "{\"type\": \"object\", \"title\": \"a\\u0000b\"}", TEMPLATE, "Deployment"));
        assertEquals("INVALID_PARAMETERS_SCHEMA", schema.code());
        assertEquals(List.of("/parametersSchema/title"), pointers(schema));
    }

    @Test
    void refusesSchemaThatBreaksTheMetaSchema() {
        ProblemException problem = refused(draft("web", "1.0.0", "{\"type\": 12}", TEMPLATE, "Deployment"));
        assertEquals(422, problem.status());
        assertEquals("INVALID_PARAMETERS_SCHEMA", problem.code());
        assertEquals(List.of("/parametersSchema/type"), pointers(problem));

        ProblemException nested = refused(draft("web", "1.0.0",
                "{\"properties\": {\"replicas\": {\"minimum\": \"one\"}}}", TEMPLATE, "Deployment"));
        assertTrue(pointers(nested).contains("/parametersSchema/properties/replicas/minimum"),
                nested.errors().toString());
    }

    @Test
    void refusesSchemaThatIsNotAJsonObject() {
        assertEquals(List.of("/parametersSchema"), pointers(refused(draft("web", "1.0.0", "{\"type\":", TEMPLATE,
                "Deployment"))));
        assertEquals(List.of("/parametersSchema"), pointers(refused(draft("web", "1.0.0", "true", TEMPLATE,
                "Deployment"))));
        assertEquals(List.of("/parametersSchema"), pointers(refused(draft("web", "1.0.0", "", TEMPLATE,
                "Deployment"))));
    }

    @Test
    void refusesTemplateThatQuteCannotParseNamingTheLine() {
        ProblemException problem = refused(draft("web", "1.0.0", SCHEMA,
                "kind: Deployment\nmetadata:\n{#if parameters.greeting}\n  name: x\n", "Deployment"));
        assertEquals(422, problem.status());
        assertEquals("INVALID_TEMPLATE", problem.code());
        assertEquals(List.of("/template"), pointers(problem));
        String message = problem.errors().get(0).message();
        assertTrue(message.equals("line 4: Parser error: unterminated section [if] detected"), message);

        assertEquals("INVALID_TEMPLATE", refused(draft("web", "1.0.0", SCHEMA, " ", "Deployment")).code());
    }
}
