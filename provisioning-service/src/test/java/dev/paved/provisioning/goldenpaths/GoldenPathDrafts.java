package dev.paved.provisioning.goldenpaths;

import java.util.UUID;

import dev.paved.api.provisioning.v1.RegisterGoldenPathVersionRequest;

/** Golden path versions for tests to register: valid unless a test changes one field. */
public final class GoldenPathDrafts {

    public static final String SCHEMA = """
            {"$schema": "https://json-schema.org/draft/2020-12/schema", "title": "Greeter",
             "type": "object", "required": ["greeting"],
             "properties": {"greeting": {"type": "string"}, "loud": {"type": "boolean", "default": false}}}""";
    public static final String TEMPLATE = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: {workload}
            {#if parameters.loud}
              annotations:
                loud: "true"
            {/if}
            """;

    private GoldenPathDrafts() {
    }

    /** A golden path name no other test uses. */
    public static String freshName() {
        return "gp-" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static RegisterGoldenPathVersionRequest.Builder draft(String name, String version) {
        return RegisterGoldenPathVersionRequest.newBuilder().setName(name).setVersion(version)
                .setDescription("Greets, version " + version).setParametersSchema(SCHEMA).setTemplate(TEMPLATE)
                .setWorkloadKind("Deployment");
    }
}
