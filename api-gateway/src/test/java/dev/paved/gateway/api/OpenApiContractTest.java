package dev.paved.gateway.api;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import dev.paved.testing.OidcTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * openapi/platform-v1.yaml is the contract: the gateway must serve exactly that document. To change
 * the contract on purpose, run {@value #UPDATE_COMMAND}, which writes what the gateway serves into the file.
 */
@QuarkusTest
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
class OpenApiContractTest {

    static final String UPDATE_COMMAND = "./mvnw -pl api-gateway -am verify -Dtest=OpenApiContractTest "
            + "-Dsurefire.failIfNoSpecifiedTests=false -Dpaved.openapi.update=true";

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final int MAX_REPORTED_DIFFERENCES = 25;

    @Test
    void servesExactlyTheContract() throws IOException {
        String served = servedYaml();
        Path contract = contractFile();
        if (Boolean.getBoolean("paved.openapi.update")) {
            Files.writeString(contract, served, StandardCharsets.UTF_8);
        }
        List<String> differences = new ArrayList<>();
        compare("", YAML.readTree(contract.toFile()), YAML.readTree(served), differences);
        assertTrue(differences.isEmpty(), () -> "The OpenAPI document the gateway serves differs from " + contract
                + " at:\n  " + String.join("\n  ", differences.subList(0,
                        Math.min(differences.size(), MAX_REPORTED_DIFFERENCES)))
                + "\nIf the change is intended, rewrite the contract with: " + UPDATE_COMMAND);
    }

    @Test
    void describesTheProblemSchema() throws IOException {
        JsonNode schemas = YAML.readTree(servedYaml()).path("components").path("schemas");
        assertEquals(List.of("type", "title", "status", "detail", "instance", "code", "errors"),
                fieldNames(schemas.path("Problem").path("properties")));
        assertEquals("#/components/schemas/Violation",
                schemas.path("Problem").path("properties").path("errors").path("items").path("$ref").asText());
        JsonNode violation = schemas.path("Violation");
        assertEquals(List.of("pointer", "parameter", "message", "code"), fieldNames(violation.path("properties")));
        assertEquals(List.of("[\"pointer\",\"message\"]", "[\"parameter\",\"message\"]"),
                violation.path("oneOf").findValues("required").stream().map(JsonNode::toString).toList(),
                "a violation is either a body's {pointer, message} or a parameter's {parameter, message}");
    }

    @Test
    void givesEveryOperationItsErrorResponses() throws IOException {
        JsonNode document = YAML.readTree(servedYaml());
        JsonNode paths = document.path("paths");
        assertTrue(paths.size() > 0, "the document has no operations");
        for (Iterator<Map.Entry<String, JsonNode>> path = paths.fields(); path.hasNext();) {
            Map.Entry<String, JsonNode> item = path.next();
            for (Iterator<Map.Entry<String, JsonNode>> method = item.getValue().fields(); method.hasNext();) {
                Map.Entry<String, JsonNode> operation = method.next();
                if (!operation.getValue().has("responses")) {
                    continue;
                }
                JsonNode responses = operation.getValue().path("responses");
                String where = operation.getKey() + " " + item.getKey();
                for (String status : List.of("401", "406", "429", "500")) {
                    assertTrue(responses.has(status), where + " does not document " + status);
                }
                if (operation.getValue().has("requestBody")) {
                    for (String status : List.of("400", "413", "415")) {
                        assertTrue(responses.has(status), where + " does not document " + status);
                    }
                }
            }
        }
        JsonNode unauthorized = document.path("components").path("responses").path("Unauthorized");
        assertEquals("#/components/schemas/Problem",
                unauthorized.path("content").path("application/problem+json").path("schema").path("$ref").asText());
        assertTrue(document.path("components").path("responses").path("TooManyRequests").path("headers")
                .has("Retry-After"));
    }

    @Test
    void leavesTestOnlyOperationsOutOfTheContract() throws IOException {
        JsonNode paths = YAML.readTree(servedYaml()).path("paths");
        assertTrue(paths.has("/api/v1/me"));
        assertFalse(fieldNames(paths).stream().anyMatch(path -> path.contains("test-probe")), paths::toString);
    }

    private static String servedYaml() {
        return given().queryParam("format", "yaml").when().get("/q/openapi")
                .then().statusCode(200).extract().asString();
    }

    /** The module's build passes the file's location; from an IDE the module directory is the working directory. */
    static Path contractFile() {
        return Path.of(System.getProperty("paved.openapi.contract", "../openapi/platform-v1.yaml"));
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** Differences as JSON pointers; key order and YAML layout do not matter, array order does. */
    private static void compare(String pointer, JsonNode expected, JsonNode actual, List<String> differences) {
        if (expected.isObject() && actual.isObject()) {
            TreeSet<String> keys = new TreeSet<>(fieldNames(expected));
            keys.addAll(fieldNames(actual));
            for (String key : keys) {
                String child = pointer + "/" + key.replace("~", "~0").replace("/", "~1");
                if (!actual.has(key)) {
                    differences.add(child + ": in the contract, not served");
                } else if (!expected.has(key)) {
                    differences.add(child + ": served, not in the contract");
                } else {
                    compare(child, expected.get(key), actual.get(key), differences);
                }
            }
        } else if (expected.isArray() && actual.isArray() && expected.size() == actual.size()) {
            for (int i = 0; i < expected.size(); i++) {
                compare(pointer + "/" + i, expected.get(i), actual.get(i), differences);
            }
        } else if (!expected.equals(actual)) {
            differences.add(pointer + ": contract has " + expected + ", served is " + actual);
        }
    }
}
