package dev.paved.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;

import dev.paved.testing.NodeProgram;

/**
 * The TypeScript SDK that the build generates from the contract (typescript-fetch) types its answers
 * as the contract says: typescript/typed-answers.ts reads them without a cast, under
 * {@code tsc --strict}.
 */
class TypeScriptSdkTest {

    @Test
    void aStrictTypeScriptProgramReadsTheAnswersThroughTheGeneratedTypes() throws Exception {
        NodeProgram tsc = NodeTool.require("tsc");
        assertTrue(Files.isDirectory(NodeTool.MODULE.resolve("target/typescript-sdk/models")),
                "the build generates the TypeScript SDK into target/typescript-sdk before the tests");

        NodeProgram.Result compile = tsc.run("--strict", "--noEmit", "-p", "typescript/tsconfig.json");

        assertEquals(0, compile.exitCode(), () -> "tsc --strict --noEmit -p typescript/tsconfig.json:\n"
                + compile.output());
    }
}
