package dev.paved.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.OutputUnit;
import io.vertx.openapi.contract.OpenAPIVersion;

/**
 * The contract validates against the OpenAPI 3.1 specification's JSON Schema (as Vert.x OpenAPI
 * ships it): the structural check of every build, with or without Node.
 */
class OpenApiDocumentTest {

    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() {
        vertx.close();
    }

    @Test
    void theContractValidatesAgainstTheOpenApi31Schema() throws Exception {
        JsonObject contract = new JsonObject(new ObjectMapper().writeValueAsString(
                new ObjectMapper(new YAMLFactory()).readTree(NodeTool.MODULE.resolve("platform-v1.yaml").toFile())));
        OpenAPIVersion version = OpenAPIVersion.fromContract(contract);
        assertEquals(OpenAPIVersion.V3_1, version, "platform-v1.yaml says openapi: 3.1.x");

        OutputUnit result = version.getRepository(vertx, "app:///")
                .compose(schemas -> version.validateContract(vertx, schemas, contract))
                .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);

        List<String> errors = deepest(result.getErrors() == null ? List.of() : result.getErrors());
        assertEquals(List.of(), errors, "platform-v1.yaml against the OpenAPI 3.1 schema");
        assertEquals(true, result.getValid());
    }

    /**
     * The errors at the deepest places: each of the others only says that something inside failed.
     * The locations are percent-encoded JSON pointers, as the validator gives them.
     */
    private static List<String> deepest(List<OutputUnit> errors) {
        List<String> found = new ArrayList<>();
        for (OutputUnit error : errors) {
            String at = error.getInstanceLocation();
            boolean inner = errors.stream().noneMatch(other -> other.getInstanceLocation().startsWith(at + "/"));
            String line = URLDecoder.decode(at, StandardCharsets.UTF_8) + ": " + error.getError();
            if (inner && !found.contains(line)) {
                found.add(line);
            }
        }
        return found;
    }
}
