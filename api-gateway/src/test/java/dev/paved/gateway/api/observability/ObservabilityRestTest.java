package dev.paved.gateway.api.observability;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import dev.paved.api.observability.v1.GetLogsRequest;
import dev.paved.api.observability.v1.ListEventsRequest;
import dev.paved.api.observability.v1.QueryMetricsRangeRequest;
import dev.paved.api.observability.v1.QueryMetricsRequest;
import dev.paved.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;

/** Health, pods, events, logs, usage and metrics of an environment over REST. */
@QuarkusTest
class ObservabilityRestTest extends ObservabilityGatewayTest {

    private static final String TOKEN = TestTokens.user("alice").team("payments").sign();
    private static final String ENV = "/api/v1/environments/web-dev";
    private static final String CHECKOUT = ENV + "/workloads/checkout";

    @TestHTTPResource("/")
    URL gateway;

    @Test
    void answersAnEnvironmentsHealthWithEveryWorkloadAndItsReasons() {
        given().auth().oauth2(TOKEN).get(ENV + "/status")
                .then().statusCode(200)
                .body("environment", equalTo("web-dev"))
                .body("namespace", equalTo("web-dev"))
                .body("health", equalTo("Degraded"))
                .body("workloads.name", equalTo(List.of("checkout", "worker", "nightly")))
                .body("workloads.health", equalTo(List.of("Healthy", "Degraded", "Suspended")))
                .body("workloads[1].reasons[0].reason", equalTo("CrashLoopBackOff"))
                .body("workloads[1].reasons[0].object", equalTo("Pod/worker-5d8c7-abcde"))
                .body("workloads[2].kind", equalTo("CronJob"))
                .body("observedAt", equalTo("2027-01-15T08:00:00Z"));
        assertEquals("Bearer " + TOKEN, FakeObservability.LAST_AUTHORIZATION.get());
    }

    @Test
    void anotherTeamsOrAnUnknownEnvironmentKeepsTheBackendsProblem() {
        for (String path : List.of("/status", "/workloads/checkout/status", "/workloads/checkout/pods",
                "/workloads/checkout/events", "/workloads/checkout/logs", "/workloads/checkout/usage",
                "/metrics/query?query=up")) {
            given().auth().oauth2(TOKEN).get("/api/v1/environments/" + FakeObservability.OTHER_TEAMS_ENVIRONMENT + path)
                    .then().statusCode(403).contentType(startsWith("application/problem+json"))
                    .body("code", equalTo("ENVIRONMENT_FORBIDDEN"));
            given().auth().oauth2(TOKEN).get("/api/v1/environments/missing" + path)
                    .then().statusCode(404).body("code", equalTo("ENVIRONMENT_NOT_FOUND"));
        }
        given().auth().oauth2(TOKEN).get(ENV + "/workloads/missing/status")
                .then().statusCode(404).body("code", equalTo("WORKLOAD_NOT_FOUND"));
        given().get(ENV + "/status").then().statusCode(401);
    }

    @Test
    void answersAWorkloadsHealth() {
        given().auth().oauth2(TOKEN).get(CHECKOUT + "/status")
                .then().statusCode(200).body("kind", equalTo("Deployment")).body("name", equalTo("checkout"))
                .body("health", equalTo("Degraded")).body("reasons[0].reason", equalTo("CrashLoopBackOff"));
    }

    @Test
    void listsPodsWithTheirLastTermination() {
        given().auth().oauth2(TOKEN).get(CHECKOUT + "/pods")
                .then().statusCode(200)
                .body("items.name", equalTo(List.of("checkout-5d8c7-abcde", "checkout-5d8c7-fghij")))
                .body("items[0].status", equalTo("CrashLoopBackOff"))
                .body("items[0].restarts", equalTo(7))
                .body("items[0].ready", equalTo(false))
                .body("items[0].lastTermination.reason", equalTo("OOMKilled"))
                .body("items[0].lastTermination.exitCode", equalTo(137))
                .body("items[1].node", nullValue())
                .body("items[1].lastTermination", nullValue());
    }

    @Test
    void listsWarningEventsSinceATimeUpToALimit() {
        given().auth().oauth2(TOKEN).queryParam("since", "2027-01-15T09:00:00+01:00").queryParam("limit", "20")
                .get(CHECKOUT + "/events")
                .then().statusCode(200).body("items[0].reason", equalTo("BackOff")).body("items[0].count", equalTo(12));
        ListEventsRequest forwarded = (ListEventsRequest) FakeObservability.LAST_REQUEST.get();
        assertEquals(1_800_000_000L, forwarded.getSince().getSeconds());
        assertEquals(20, forwarded.getLimit());
        assertEquals("checkout", forwarded.getWorkload());
    }

    @Test
    void refusesBadEventParametersWithoutAskingTheBackend() {
        for (String limit : List.of("0", "1001", "-5", "ten")) {
            given().auth().oauth2(TOKEN).queryParam("limit", limit).get(CHECKOUT + "/events")
                    .then().statusCode(400).body("code", equalTo("INVALID_LIMIT"))
                    .body("errors[0].parameter", equalTo("limit"));
        }
        for (String since : List.of("yesterday", "2027-01-15", "2027-01-15T08:00:00", "10m")) {
            given().auth().oauth2(TOKEN).queryParam("since", since).get(CHECKOUT + "/events")
                    .then().statusCode(400).body("code", equalTo("INVALID_SINCE"))
                    .body("errors[0].parameter", equalTo("since"));
        }
        assertNull(FakeObservability.LAST_REQUEST.get());
    }

    @Test
    void readsLogsAsJsonWithTheirOptions() {
        given().auth().oauth2(TOKEN).queryParam("tail", "50").queryParam("since", "1h30m")
                .queryParam("container", "app").queryParam("pod", "checkout-5d8c7-abcde")
                .queryParam("previous", "true").queryParam("timestamps", "true").queryParam("follow", "false")
                .get(CHECKOUT + "/logs")
                .then().statusCode(200).contentType(startsWith("application/json"))
                .body("lines.line", equalTo(List.of("listening on :8080", "GET /ready 200")))
                .body("lines[0].pod", equalTo("checkout-5d8c7-abcde"))
                .body("lines[0].container", equalTo("app"))
                .body("lines[0].time", equalTo("2027-01-15T08:00:00Z"));
        GetLogsRequest forwarded = (GetLogsRequest) FakeObservability.LAST_REQUEST.get();
        assertEquals(50, forwarded.getTail());
        assertEquals("1h30m", forwarded.getSince());
        assertEquals("app", forwarded.getContainer());
        assertEquals("checkout-5d8c7-abcde", forwarded.getPod());
        assertTrue(forwarded.getPrevious());
        assertTrue(forwarded.getTimestamps());

        given().auth().oauth2(TOKEN).get(CHECKOUT + "/logs")
                .then().statusCode(200).body("lines[0].time", nullValue());
        given().auth().oauth2(TOKEN).queryParam("container", "sidecar").get(CHECKOUT + "/logs")
                .then().statusCode(400).body("code", equalTo("UNKNOWN_CONTAINER"));
    }

    @Test
    void refusesBadLogParametersWithoutAskingTheBackend() {
        for (String tail : List.of("0", "-1", "10001", "all")) {
            given().auth().oauth2(TOKEN).queryParam("tail", tail).get(CHECKOUT + "/logs")
                    .then().statusCode(400).body("code", equalTo("INVALID_TAIL"))
                    .body("errors[0].parameter", equalTo("tail"));
        }
        for (String since : List.of("10", "0s", "ten minutes", "2027-01-15T08:00:00Z", "5d")) {
            given().auth().oauth2(TOKEN).queryParam("since", since).get(CHECKOUT + "/logs")
                    .then().statusCode(400).body("code", equalTo("INVALID_SINCE"));
        }
        for (String flag : List.of("previous", "timestamps", "follow")) {
            given().auth().oauth2(TOKEN).queryParam(flag, "yes").get(CHECKOUT + "/logs")
                    .then().statusCode(400).body("code", equalTo("INVALID_BOOLEAN"))
                    .body("errors[0].parameter", equalTo(flag));
        }
        given().auth().oauth2(TOKEN).queryParam("follow", "true").queryParam("tail", "0").get(CHECKOUT + "/logs")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("INVALID_TAIL"));
        assertNull(FakeObservability.LAST_REQUEST.get());
    }

    @Test
    void followsLogsAsServerSentEventsUntilTheBackendEnds() {
        String stream = given().auth().oauth2(TOKEN).queryParam("follow", "true").queryParam("tail", "10")
                .get(CHECKOUT + "/logs")
                .then().statusCode(200).contentType(startsWith("text/event-stream")).extract().asString();
        List<String> data = stream.lines().filter(line -> line.startsWith("data:"))
                .map(line -> line.substring(5).trim()).toList();
        assertEquals(List.of(
                "{\"pod\":\"checkout-5d8c7-abcde\",\"container\":\"app\",\"line\":\"listening on :8080\"}",
                "{\"pod\":\"checkout-5d8c7-abcde\",\"container\":\"app\",\"line\":\"GET /ready 200\"}"), data);
        assertEquals(10, ((GetLogsRequest) FakeObservability.LAST_REQUEST.get()).getTail());
    }

    @Test
    void aFollowOfAnUnknownWorkloadIsAProblemNotAStream() {
        given().auth().oauth2(TOKEN).queryParam("follow", "true").get(ENV + "/workloads/missing/logs")
                .then().statusCode(404).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("WORKLOAD_NOT_FOUND"));
        given().auth().oauth2(TOKEN).queryParam("follow", "true")
                .get("/api/v1/environments/" + FakeObservability.OTHER_TEAMS_ENVIRONMENT + "/workloads/checkout/logs")
                .then().statusCode(403).body("code", equalTo("ENVIRONMENT_FORBIDDEN"));
    }

    @Test
    void aFollowerThatGoesAwayCancelsTheBackendsStream() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.toString()
                + "api/v1/environments/web-dev/workloads/" + FakeObservability.ENDLESS + "/logs?follow=true"))
                .header("Authorization", "Bearer " + TOKEN).build();
        HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        // Closing the body before its end closes the connection: the follower is gone.
        try (InputStream body = response.body()) {
            BufferedReader reader = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8));
            String line;
            do {
                line = reader.readLine();
            } while (line != null && !line.startsWith("data:"));
            assertTrue(line != null && line.contains("waiting for work"), String.valueOf(line));
            assertFalse(FakeObservability.followCancelled.await(200, TimeUnit.MILLISECONDS),
                    "the stream was cancelled while the follower was there");
        }
        assertTrue(FakeObservability.followCancelled.await(10, TimeUnit.SECONDS),
                "the backend's stream was not cancelled after the follower went away");
    }

    @Test
    void aFollowEndsAfterTheGatewaysLongestFollowAndCancelsTheBackendsStream() throws Exception {
        Duration longest = ConfigProvider.getConfig().getValue("paved.gateway.logs.follow-max-duration", Duration.class);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(gateway.toString()
                + "api/v1/environments/web-dev/workloads/" + FakeObservability.ENDLESS + "/logs?follow=true"))
                .header("Authorization", "Bearer " + TOKEN).timeout(longest.multipliedBy(5)).build();
        long began = System.nanoTime();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        Duration lasted = Duration.ofNanos(System.nanoTime() - began);

        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("waiting for work"), response.body());
        assertTrue(lasted.compareTo(longest) >= 0, "the follow ended after " + lasted + ", before " + longest);
        assertTrue(FakeObservability.followCancelled.await(10, TimeUnit.SECONDS),
                "the backend's stream was not cancelled when the follow ended");
    }

    @Test
    void answersUsagePerContainerAndInTotal() {
        given().auth().oauth2(TOKEN).get(CHECKOUT + "/usage")
                .then().statusCode(200)
                .body("containers.pod", equalTo(List.of("checkout-5d8c7-abcde", "checkout-5d8c7-fghij")))
                .body("containers[0].cpuMillicores", equalTo(120))
                .body("cpuMillicores", equalTo(150))
                .body("memoryBytes", equalTo(300_000_000))
                .body("observedAt", equalTo("2027-01-15T08:00:00Z"));
        given().auth().oauth2(TOKEN).get(ENV + "/workloads/" + FakeObservability.NO_METRICS + "/usage")
                .then().statusCode(503).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("USAGE_NOT_AVAILABLE"));
    }

    @Test
    void answersMetricsQueriesLikePrometheus() {
        given().auth().oauth2(TOKEN).queryParam("query", "sum(rate(http_requests_total[5m]))")
                .queryParam("time", "2027-01-15T08:00:00Z").get(ENV + "/metrics/query")
                .then().statusCode(200)
                .body("status", equalTo("success"))
                .body("data.resultType", equalTo("vector"))
                .body("data.result[0].metric.namespace", equalTo("web-dev"))
                .body("data.result[0].value[1]", equalTo("42"))
                .body("warnings", nullValue());
        QueryMetricsRequest instant = (QueryMetricsRequest) FakeObservability.LAST_REQUEST.get();
        assertEquals("web-dev", instant.getEnvironment());
        assertEquals("sum(rate(http_requests_total[5m]))", instant.getQuery());
        assertEquals("2027-01-15T08:00:00Z", instant.getTime());

        given().auth().oauth2(TOKEN).queryParam("query", "up").queryParam("start", "1800000000")
                .queryParam("end", "1800000030").queryParam("step", "30s").get(ENV + "/metrics/query_range")
                .then().statusCode(200)
                .body("data.resultType", equalTo("matrix"))
                .body("data.result[0].values[1][1]", equalTo("2"))
                .body("warnings[0]", equalTo("the range was cut to 11000 points"));
        QueryMetricsRangeRequest range = (QueryMetricsRangeRequest) FakeObservability.LAST_REQUEST.get();
        assertEquals("1800000000", range.getStart());
        assertEquals("1800000030", range.getEnd());
        assertEquals("30s", range.getStep());
    }

    @Test
    void invalidPromQlIsAProblemWithTheParsersMessage() {
        given().auth().oauth2(TOKEN).queryParam("query", FakeObservability.BAD_PROMQL).get(ENV + "/metrics/query")
                .then().statusCode(400).contentType(startsWith("application/problem+json"))
                .body("code", equalTo("INVALID_PROMQL"))
                .body("detail", equalTo("1:28: unclosed left parenthesis"))
                .body("errors[0].parameter", equalTo("query"));
    }
}
