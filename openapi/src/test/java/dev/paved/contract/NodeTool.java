package dev.paved.contract;

import java.nio.file.Path;

import dev.paved.testing.NodeProgram;

/** The contract's npm project ({@code openapi/package.json}): this module's directory and its tools. */
final class NodeTool {

    /** The module directory, the working directory of its tests. */
    static final Path MODULE = Path.of("").toAbsolutePath();

    private NodeTool() {
    }

    /** {@code name} from {@code node_modules/.bin}, or the test is skipped (failed in CI) saying why. */
    static NodeProgram require(String name) {
        return NodeProgram.tool(MODULE, name);
    }
}
