package dev.paved.provisioning.deployments.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;

class GuardrailsTest {

    private static final GuardrailPolicy DEV = new GuardrailPolicy(List.of("ghcr.io", "docker.io"), false, 1, 10,
            true, Set.of("route", "dns", "volume", "postgres"), true);
    private static final GuardrailPolicy PROD = new GuardrailPolicy(List.of("ghcr.io"), true, 2, 10, true,
            Set.of("route", "postgres"), true);
    private static final QuotaHeadroom ROOMY = new QuotaHeadroom(10_000, 10L << 30);
    private static final String GOOD = """
            {"name": "api", "image": "ghcr.io/acme/api:1.4.2", "ports": [{"port": 8080}],
             "resources": {"requests": {"cpu": "250m", "memory": "256Mi"}, "limits": {"cpu": "500m", "memory": "512Mi"}},
             "livenessProbe": {"httpGet": {"path": "/healthz", "port": 8080}},
             "readinessProbe": {"httpGet": {"path": "/ready", "port": 8080}} %s}""";

    private final Guardrails guardrails = new Guardrails();

    private static List<GuardrailDecision> check(String spec, String goldenPath, GuardrailPolicy policy,
            QuotaHeadroom headroom) {
        WorkloadSpec workload = Fixtures.spec(spec);
        return new Guardrails().check(workload, Fixtures.render(workload, goldenPath), policy, headroom);
    }

    private static List<GuardrailDecision> denials(List<GuardrailDecision> decisions) {
        return decisions.stream().filter(decision -> !decision.passed()).toList();
    }

    @Test
    void aGoodSpecPassesEveryGuardrailAndEachOneSaysSo() {
        List<GuardrailDecision> decisions = check(GOOD.formatted(""), "web-service", PROD, ROOMY);

        assertEquals(List.of(), denials(decisions));
        assertEquals(List.of("allowed-registries", "no-latest-image", "requests-and-limits", "quota",
                "replica-bounds", "probes-required", "resource-types"),
                decisions.stream().map(GuardrailDecision::guardrail).toList());
    }

    static Stream<Arguments> eachGuardrailDenies() {
        return Stream.of(
                Arguments.of("image from a registry not allowed",
                        GOOD.formatted("").replace("ghcr.io/acme/api", "quay.io/acme/api"), "web-service", DEV,
                        ROOMY, "allowed-registries", "/image"),
                Arguments.of("latest image", GOOD.formatted("").replace(":1.4.2", ":latest"), "web-service", DEV,
                        ROOMY, "no-latest-image", "/image"),
                Arguments.of("tagless image", GOOD.formatted("").replace(":1.4.2", ""), "web-service", DEV, ROOMY,
                        "no-latest-image", "/image"),
                Arguments.of("moving tag where images must be immutable",
                        GOOD.formatted("").replace(":1.4.2", ":main"), "web-service", PROD, ROOMY,
                        "no-latest-image", "/image"),
                Arguments.of("no limits", GOOD.formatted("").replace(
                        ", \"limits\": {\"cpu\": \"500m\", \"memory\": \"512Mi\"}", ""), "web-service", DEV, ROOMY,
                        "requests-and-limits", "/resources"),
                Arguments.of("beyond the quota", GOOD.formatted(""), "web-service", DEV,
                        new QuotaHeadroom(2_000, 10L << 30), "quota", "/resources"),
                Arguments.of("too few replicas", GOOD.formatted(", \"replicas\": 1"), "web-service", PROD, ROOMY,
                        "replica-bounds", "/replicas"),
                Arguments.of("autoscaling beyond the bound", GOOD.formatted(", \"parameters\": {\"maxReplicas\": 20}"),
                        "web-service", DEV, ROOMY, "replica-bounds", "/parameters/maxReplicas"),
                Arguments.of("fixed replicas beyond the bound",
                        GOOD.formatted(", \"replicas\": 12, \"parameters\": {\"autoscaling\": false}"), "worker",
                        DEV, ROOMY, "replica-bounds", "/replicas"),
                Arguments.of("web-service without readiness probe", GOOD.formatted("").replace(
                        ",\n \"readinessProbe\": {\"httpGet\": {\"path\": \"/ready\", \"port\": 8080}}", ""),
                        "web-service", DEV, ROOMY, "probes-required", "/readinessProbe"),
                Arguments.of("resource type not allowed in the stage",
                        GOOD.formatted(", \"provisions\": {\"scratch\": {\"type\": \"volume\"}}"), "web-service",
                        PROD, ROOMY, "resource-types", "/provisions/scratch/type"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("eachGuardrailDenies")
    void eachGuardrailDenies(String why, String spec, String goldenPath, GuardrailPolicy policy, QuotaHeadroom headroom,
            String guardrail, String pointer) {
        List<GuardrailDecision> denials = denials(check(spec, goldenPath, policy, headroom));

        assertEquals(List.of(guardrail + " " + pointer), denials.stream()
                .map(denial -> denial.guardrail() + " " + denial.pointer()).toList(), why + ": " + denials);
    }

    @Test
    void scoreDenialsPointIntoTheScoreFile() {
        WorkloadSpec spec = Fixtures.scoreSpec().withImages(java.util.Map.of("main", "ghcr.io/acme/api:latest"));
        List<GuardrailDecision> denials = denials(guardrails.check(spec, Fixtures.render(spec, "web-service"), PROD,
                ROOMY));

        assertEquals(List.of("no-latest-image /containers/main/image", "resource-types /resources/data/type"),
                denials.stream().map(denial -> denial.guardrail() + " " + denial.pointer()).toList());
    }

    @Test
    void immutableImagesAreADigestOrAVersionTag() {
        String digest = "@sha256:" + "ab".repeat(32);

        assertEquals(List.of(), denials(check(GOOD.formatted("").replace(":1.4.2", ":main" + digest), "web-service",
                PROD, ROOMY)));
        assertEquals(List.of(), denials(check(GOOD.formatted(""), "web-service", PROD, ROOMY)));
    }

    @Test
    void withoutAKnownHeadroomTheQuotaIsNotCheckedAndSaysSo() {
        GuardrailDecision quota = check(GOOD.formatted(""), "web-service", DEV, null).stream()
                .filter(decision -> decision.guardrail().equals("quota")).findFirst().orElseThrow();

        assertTrue(quota.passed());
        assertTrue(quota.detail().contains("unknown"), quota.detail());
    }

    @Test
    void theQuotaCountsLimitsTimesTheMostReplicas() {
        // 500m and 512Mi per pod, up to 5 pods (the web-service default maxReplicas): 2500m and 2560Mi.
        assertEquals(List.of(), denials(check(GOOD.formatted(""), "web-service", DEV,
                new QuotaHeadroom(2_500, 2560L << 20))));
        assertEquals(1, denials(check(GOOD.formatted(""), "web-service", DEV,
                new QuotaHeadroom(2_500, (2560L << 20) - 1))).size());
    }

    @Test
    void probesAreOnlyRequiredOfWebServices() {
        String noProbes = "{\"name\": \"api\", \"image\": \"ghcr.io/acme/api:1.4.2\", \"resources\": "
                + "{\"requests\": {\"cpu\": \"1\", \"memory\": \"1Gi\"}, \"limits\": {\"cpu\": \"1\", \"memory\": \"1Gi\"}}}";

        assertEquals(List.of(), denials(check(noProbes, "worker", DEV, ROOMY)));
    }

    @Test
    void aRefusalListsEveryDenialWithItsGuardrailAsCode() {
        List<GuardrailDecision> decisions = check(GOOD.formatted(", \"replicas\": 1").replace(":1.4.2", ":latest")
                .replace("ghcr.io/acme/api", "quay.io/acme/api"), "web-service", PROD, ROOMY);

        ProblemException refusal = Guardrails.refusal(decisions);

        assertEquals(422, refusal.status());
        assertEquals("GUARDRAIL_VIOLATION", refusal.code());
        assertEquals(List.of("allowed-registries", "no-latest-image", "replica-bounds"),
                refusal.errors().stream().map(Violation::code).toList());
        assertEquals(List.of("/image", "/image", "/replicas"),
                refusal.errors().stream().map(Violation::pointer).toList());
    }
}
