package dev.paved.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.local.simulator.SimulatorConfig;

class PavedCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path root;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void tokenPrintsOnlyATokenOfTheIssuerThatUpServed() throws IOException {
        Path keyDirectory = root.resolve(".paved/data/issuer");
        String kid;
        try (DevIssuer issuer = DevIssuer.start(keyDirectory, 0)) {
            kid = part(issuer.mint(TokenSpec.user("x")), 0).get("kid").asText();
        }
        Files.writeString(keyDirectory.resolve(PlatformLauncher.ISSUER_URL_FILE), "http://127.0.0.1:9090\n");

        int status = run("token", "--user", "alice", "--team", "payments", "--team", "checkout", "--role",
                "platform-admin");

        assertEquals(0, status, err.toString());
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, lines.size(), "stdout holds the token and nothing else");
        String token = lines.get(0);
        assertEquals(kid, part(token, 0).get("kid").asText(), "signed with the stored key");
        JsonNode claims = part(token, 1);
        assertEquals("http://127.0.0.1:9090", claims.get("iss").asText());
        assertEquals("alice", claims.get("sub").asText());
        assertEquals("paved", claims.get("aud").asText());
        assertEquals(List.of("payments", "checkout"), JSON.convertValue(claims.get("groups"), List.class));
        assertEquals(List.of("platform-admin"), JSON.convertValue(claims.get("roles"), List.class));
        assertEquals("", err.toString());
    }

    @Test
    void tokenBeforeAnyUpSaysToRunUpFirst() {
        int status = run("token", "--user", "alice");

        assertEquals(PavedCommand.FAILED, status);
        assertEquals("", out.toString());
        assertTrue(err.toString().contains("run ./paved up once first"), err.toString());
    }

    @Test
    void tokenWithoutAUserIsAUsageError() {
        assertUsageError(run("token", "--team", "payments"), "token needs --user NAME");
    }

    @Test
    void anUnknownOptionIsAUsageError() {
        assertUsageError(run("up", "--verbose"), "unknown option --verbose");
    }

    @Test
    void anOptionWithoutItsValueIsAUsageError() {
        assertUsageError(run("token", "--user"), "--user needs a value");
    }

    @Test
    void anUnknownCommandIsAUsageError() {
        assertUsageError(run("down"), "unknown command 'down'");
    }

    @Test
    void aPortBaseThatIsNotANumberIsAUsageError() {
        assertUsageError(run("up", "--port-base", "eighty"), "--port-base must be a number");
    }

    @Test
    void aPortBaseThatPushesAPortOutOfRangeIsAUsageError() {
        assertUsageError(run("up", "--port-base", "2000"), "outside 1024-65535");
    }

    @Test
    void theGroupsClaimGoesWithAnOidcIssuer() {
        assertUsageError(run("up", "--groups-claim", "realm_access.groups"), "--groups-claim goes with --oidc-issuer");
    }

    @Test
    void theOidcIssuerMustBeAnHttpUrl() {
        assertUsageError(run("up", "--oidc-issuer", "keycloak"), "--oidc-issuer must be an http(s) URL");
    }

    @Test
    void aKubeconfigThatDoesNotExistIsAUsageError() {
        assertUsageError(run("up", "--kubeconfig", root.resolve("missing").toString()), "is not a readable file");
    }

    @Test
    void kubeconfigOfTheInProcessApiInTheEnvironmentStillMeansTheInProcessApi() {
        Path data = root.resolve("data");
        Path inProcess = PlatformOptions.local(root, data).inProcessKubeconfig();
        PavedCommand.Arguments none = PavedCommand.Arguments.parse(List.of(), List.of(), "kubeconfig");

        assertEquals(Optional.empty(), commandWith(Map.of("KUBECONFIG", inProcess.toString()))
                .clusterKubeconfig(none, inProcess), "an earlier run's, from source .paved/local.env");
        assertEquals(Optional.of("/home/dev/.kube/config"), commandWith(Map.of("KUBECONFIG", "/home/dev/.kube/config"))
                .clusterKubeconfig(none, inProcess), "a cluster's");
        assertEquals(Optional.empty(), commandWith(Map.of()).clusterKubeconfig(none, inProcess));
    }

    @Test
    void upRunsTheSimulatorAtARealClustersPaceUnlessToldNoSimulator() {
        PavedCommand command = commandWith(Map.of());

        PlatformOptions simulated = command.upOptions(PavedCommand.Arguments.parse(List.of(), List.of("no-simulator")));
        PlatformOptions stored = command.upOptions(PavedCommand.Arguments.parse(List.of("--no-simulator"),
                List.of("no-simulator")));

        assertEquals(Optional.of(SimulatorConfig.realistic()), simulated.simulator());
        assertEquals(Optional.empty(), stored.simulator());
    }

    @Test
    void upStartsThePrometheusOnThePathUnlessGivenOneAndOtherwiseNone() throws IOException {
        Path bin = Files.createDirectories(root.resolve("bin"));
        Path prometheus = Files.writeString(bin.resolve("prometheus"), "#!/bin/sh\n");
        prometheus.toFile().setExecutable(true);
        Files.writeString(Files.createDirectories(root.resolve("not-executable")).resolve("prometheus"), "");
        String path = root.resolve("elsewhere") + ":" + root.resolve("not-executable") + ":" + bin;
        PavedCommand.Arguments none = PavedCommand.Arguments.parse(List.of(), List.of(), "prometheus");
        PavedCommand.Arguments external = PavedCommand.Arguments.parse(
                List.of("--prometheus", "http://prometheus.example:9090"), List.of(), "prometheus");

        assertEquals(Optional.of(new PlatformOptions.Prometheus.Started(prometheus)),
                commandWith(Map.of("PATH", path)).upOptions(none).prometheus());
        assertEquals(Optional.of(new PlatformOptions.Prometheus.External(URI.create("http://prometheus.example:9090"))),
                commandWith(Map.of("PATH", path)).upOptions(external).prometheus(), "and none is started");
        assertEquals(Optional.empty(), commandWith(Map.of("PATH", root.resolve("not-executable").toString()))
                .upOptions(none).prometheus());
        assertEquals(Optional.empty(), commandWith(Map.of()).upOptions(none).prometheus());
    }

    @Test
    void thePrometheusMustBeAnHttpUrl() {
        assertUsageError(run("up", "--prometheus", "localhost:9090"), "--prometheus must be an http(s) URL");
    }

    @Test
    void noSimulatorTakesNoValue() {
        assertUsageError(run("up", "--no-simulator=yes"), "--no-simulator takes no value");
    }

    @Test
    void upWithoutPackagedServicesFailsWithOneLine() {
        int status = run("up", "--data", root.resolve("data").toString());

        assertEquals(PavedCommand.FAILED, status);
        List<String> errors = err.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(1, errors.size(), err.toString());
        assertTrue(errors.get(0).startsWith("paved: catalog-service is not packaged"), errors.get(0));
    }

    @Test
    void helpPrintsTheUsage() {
        assertEquals(0, run("help"));
        assertTrue(out.toString().contains("./paved token --user NAME"));
    }

    private void assertUsageError(int status, String message) {
        assertEquals(PavedCommand.USAGE, status);
        assertEquals("", out.toString());
        assertTrue(err.toString().startsWith("paved: ") && err.toString().contains(message), err.toString());
    }

    private int run(String... args) {
        return commandWith(Map.of()).run(List.of(args));
    }

    private PavedCommand commandWith(Map<String, String> environment) {
        return new PavedCommand(root, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), environment);
    }

    private static JsonNode part(String token, int index) throws IOException {
        return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[index]));
    }
}
