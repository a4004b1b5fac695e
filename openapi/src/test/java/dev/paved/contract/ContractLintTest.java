package dev.paved.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.testing.NodeProgram;

/**
 * Redocly CLI's linter (its recommended rules, as redocly.yaml adjusts them) finds neither an error
 * nor a warning in the contract.
 */
class ContractLintTest {

    @Test
    void redoclyFindsNoProblemInTheContract() throws Exception {
        NodeProgram redocly = NodeTool.require("redocly");

        NodeProgram.Result lint = redocly.run("lint", "--format=json", "platform-v1.yaml");

        String output = lint.output();
        int json = output.indexOf('{');
        assertEquals(true, json >= 0, () -> "redocly lint printed no report:\n" + output);
        JsonNode report = new ObjectMapper().readTree(output.substring(json, output.lastIndexOf('}') + 1));
        List<String> problems = new ArrayList<>();
        for (JsonNode problem : report.path("problems")) {
            problems.add(problem.path("severity").asText() + " " + problem.path("ruleId").asText() + " at "
                    + problem.path("location").path(0).path("pointer").asText() + ": "
                    + problem.path("message").asText());
        }
        assertEquals(List.of(), problems, "redocly lint platform-v1.yaml (see openapi/redocly.yaml)");
        assertEquals(0, lint.exitCode(), output);
    }
}
