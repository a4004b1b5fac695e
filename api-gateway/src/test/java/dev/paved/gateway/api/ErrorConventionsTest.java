package dev.paved.gateway.api;

import static dev.paved.gateway.api.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import dev.paved.testing.OidcTestResource;
import dev.paved.testing.TestTokens;
import dev.paved.testing.contract.ContractCheckingHttpClient;
import dev.paved.testing.contract.OpenApiContract;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.specification.RequestSpecification;

@QuarkusTest
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
class ErrorConventionsTest {

    private static final String ECHO = "/api/v1/test-probe/echo";
    private static final int LIMIT = 10 * 1024 * 1024;

    @TestHTTPResource(ECHO)
    URL echoUrl;

    /** Like REST Assured's answers, these are held against the contract. */
    private static HttpClient checked(HttpClient.Builder client) {
        return ContractCheckingHttpClient.builder(client, OpenApiContract.of(OpenApiContractTest.contractFile())).build();
    }

    private static RequestSpecification signedIn() {
        return given().auth().oauth2(TestTokens.user("carol").team("payments").sign());
    }

    @Test
    void answersUnknownRouteOutsideTheApiWithProblem() {
        assertProblem(given().when().get("/nope"), 404, "ROUTE_NOT_FOUND");
        assertProblem(given().when().post("/nope/deeper"), 404, "ROUTE_NOT_FOUND");
        assertProblem(given().when().get("/q/nope"), 404, "ROUTE_NOT_FOUND");
    }

    @Test
    void answersUnknownRouteUnderTheApiWithProblem() {
        assertProblem(signedIn().when().get("/api/v1/nope"), 404, "ROUTE_NOT_FOUND");
        assertProblem(signedIn().when().get("/api/v1/me/nope"), 404, "ROUTE_NOT_FOUND");
    }

    @Test
    void answersUnsupportedMethodWithProblem() {
        assertProblem(signedIn().when().delete("/api/v1/me"), 405, "METHOD_NOT_ALLOWED");
        assertProblem(signedIn().when().get(ECHO), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void answersUnacceptableMediaTypeWithProblem() {
        assertProblem(signedIn().accept("application/xml").when().get("/api/v1/me"), 406, "NOT_ACCEPTABLE");
    }

    @Test
    void echoesAWellFormedBody() {
        signedIn().contentType("application/json").body("{\"name\":\"paved\",\"count\":2}")
                .when().post(ECHO)
                .then().statusCode(200).body("name", equalTo("paved")).body("count", equalTo(2));
    }

    @Test
    void answersMalformedJsonWithProblem() {
        assertProblem(signedIn().contentType("application/json").body("{\"name\": \"paved\",")
                .when().post(ECHO), 400, "MALFORMED_JSON")
                .body("detail", not(containsString("Source")))
                .body("detail", not(containsString("Feature")));
        assertProblem(signedIn().contentType("application/json").body("{name: paved}")
                .when().post(ECHO), 400, "MALFORMED_JSON");
    }

    @Test
    void answersJsonOfTheWrongShapeWithProblemPointingAtTheField() {
        assertProblem(signedIn().contentType("application/json").body("{\"name\":\"paved\",\"count\":\"many\"}")
                .when().post(ECHO), 400, "INVALID_JSON")
                .body("errors[0].pointer", equalTo("/count"));
    }

    @Test
    void answersAnUnknownFieldWithProblemPointingAtItAndNamingTheKnownOnes() {
        assertProblem(signedIn().contentType("application/json").body("{\"name\":\"paved\",\"cuont\":2}")
                .when().post(ECHO), 400, "INVALID_JSON")
                .body("errors[0].pointer", equalTo("/cuont"))
                .body("errors[0].message", equalTo("unknown field; known are count, name"));
    }

    @Test
    void answersInvalidBodyWithProblemPointingAtTheField() {
        assertProblem(signedIn().contentType("application/json").body("{\"name\":\" \",\"count\":1}")
                .when().post(ECHO), 400, "VALIDATION_FAILED")
                .body("errors[0].pointer", equalTo("/name"));
    }

    @Test
    void answersWrongContentTypeWithProblem() {
        assertProblem(signedIn().contentType("text/plain").body("name=paved").when().post(ECHO), 415,
                "UNSUPPORTED_MEDIA_TYPE");
        assertProblem(signedIn().contentType("application/xml").body("<name>paved</name>").when().post(ECHO), 415,
                "UNSUPPORTED_MEDIA_TYPE");
    }

    @Test
    void answersAUriOverTheLimitWithProblemAndServesOneWellOverTheServersDefault() {
        String tooLong = "kind=" + "x".repeat(16_384);
        assertProblem(signedIn().queryParam("filter", tooLong).when().get("/api/v1/catalog/entities"), 414,
                "URI_TOO_LONG");
        given().queryParam("filter", tooLong).when().get("/api/catalog/entities")
                .then().statusCode(414).contentType("application/json")
                .body("error.name", equalTo("InputError"))
                .body("error.code", equalTo("URI_TOO_LONG"));
        signedIn().queryParam("padding", "x".repeat(12_000)).when().get("/api/v1/me")
                .then().statusCode(200).body("subject", equalTo("carol"));
    }

    @Test
    @Timeout(60)
    void answersAUriOverTheLimitWithProblemOverHttp2Too() throws Exception {
        HttpClient client = checked(HttpClient.newBuilder().version(HttpClient.Version.HTTP_2));
        URI me = echoUrl.toURI().resolve("/api/v1/me");
        String token = "Bearer " + TestTokens.user("carol").sign();
        client.send(HttpRequest.newBuilder(me).header("Authorization", token).build(),
                HttpResponse.BodyHandlers.discarding());

        HttpResponse<String> tooLong = client.send(HttpRequest.newBuilder(URI.create(me + "?padding="
                + "x".repeat(16_384))).header("Authorization", token).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_2, tooLong.version());
        assertEquals(414, tooLong.statusCode(), tooLong.body());
        assertEquals("application/problem+json", tooLong.headers().firstValue("Content-Type").orElse(""));
        assertTrue(tooLong.body().contains("\"code\":\"URI_TOO_LONG\""), tooLong.body());

        HttpResponse<String> long12k = client.send(HttpRequest.newBuilder(URI.create(me + "?padding="
                + "x".repeat(12_000))).header("Authorization", token).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, long12k.statusCode(), long12k.body());
    }

    @Test
    @Timeout(60)
    void answersBodyOverTheLimitWithProblemFromItsLength() throws IOException {
        // Only the headers are sent: the length alone must be enough to refuse the body.
        try (Socket socket = new Socket(echoUrl.getHost(), echoUrl.getPort())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write(("POST " + ECHO + " HTTP/1.1\r\n"
                    + "Host: " + echoUrl.getHost() + "\r\n"
                    + "Authorization: Bearer " + TestTokens.user("carol").sign() + "\r\n"
                    + "Content-Type: application/json\r\n"
                    + "Content-Length: " + (LIMIT + 1) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            String head = response.substring(0, response.indexOf("\r\n\r\n"));
            String body = response.substring(head.length() + 4);
            assertTrue(head.startsWith("HTTP/1.1 413 "), head);
            assertTrue(head.toLowerCase().contains("content-type: application/problem+json"), head);
            assertTrue(head.toLowerCase().contains("connection: close"), head);
            assertTrue(body.contains("\"code\":\"PAYLOAD_TOO_LARGE\""), body);
            assertFalse(body.contains("Exception"), body);
        }
    }

    @Test
    @Timeout(60)
    void answersChunkedBodyOverTheLimitWithProblem() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(echoUrl.toURI())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new Filler(LIMIT + 1024 * 1024))));
        assertTooLarge(response);
    }

    @Test
    @Timeout(60)
    void acceptsChunkedBodyWithinTheLimit() throws Exception {
        byte[] body = "{\"name\":\"chunked\",\"count\":3}".getBytes();
        HttpResponse<String> response = send(HttpRequest.newBuilder(echoUrl.toURI())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body))));
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("\"chunked\""), response.body());
    }

    @Test
    @Timeout(60)
    void answersRequestsOverHttp2WhetherUpgradedOrNot() throws Exception {
        HttpClient client = checked(HttpClient.newBuilder().version(HttpClient.Version.HTTP_2));
        URI me = echoUrl.toURI().resolve("/api/v1/me");
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(me)
                    .header("Authorization", "Bearer " + TestTokens.user("carol").sign()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), response.body());
            assertTrue(response.body().contains("\"subject\":\"carol\""), response.body());
        }
    }

    @Test
    @Timeout(60)
    void takesHttp2BodiesOfKnownLengthAndRefusesThoseWithout() throws Exception {
        HttpClient client = checked(HttpClient.newBuilder().version(HttpClient.Version.HTTP_2));
        client.send(HttpRequest.newBuilder(echoUrl.toURI().resolve("/q/health/live")).build(),
                HttpResponse.BodyHandlers.discarding());
        byte[] body = "{\"name\":\"sized\",\"count\":3}".getBytes();
        HttpResponse<String> sized = client.send(http2Post(HttpRequest.BodyPublishers.ofByteArray(body)),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(HttpClient.Version.HTTP_2, sized.version());
        assertEquals(200, sized.statusCode(), sized.body());
        assertTrue(sized.body().contains("\"sized\""), sized.body());

        HttpResponse<String> unsized = client.send(http2Post(HttpRequest.BodyPublishers
                .ofInputStream(() -> new ByteArrayInputStream(body))), HttpResponse.BodyHandlers.ofString());
        assertEquals(411, unsized.statusCode(), unsized.body());
        assertEquals("application/problem+json", unsized.headers().firstValue("Content-Type").orElse(""));
        assertTrue(unsized.body().contains("\"code\":\"LENGTH_REQUIRED\""), unsized.body());

        HttpResponse<String> tooLarge = client.send(http2Post(HttpRequest.BodyPublishers
                .ofInputStream(() -> new Filler(LIMIT + 1024 * 1024))), HttpResponse.BodyHandlers.ofString());
        assertEquals(411, tooLarge.statusCode(), tooLarge.body());
    }

    private HttpRequest http2Post(HttpRequest.BodyPublisher body) throws Exception {
        return HttpRequest.newBuilder(echoUrl.toURI())
                .header("Authorization", "Bearer " + TestTokens.user("carol").sign())
                .header("Content-Type", "application/json")
                .POST(body).build();
    }

    @Test
    void answersUnexpectedFailureWithProblemWithoutInternals() {
        assertProblem(signedIn().when().get("/api/v1/test-probe/failure"), 500, "INTERNAL_ERROR")
                .body(not(containsString("secret")));
    }

    @Test
    void answersUnexpectedFailureBelowTheRestLayerWithProblemWithoutInternals() {
        assertProblem(given().when().get("/test-probe/vertx-failure"), 500, "INTERNAL_ERROR")
                .body(not(containsString("secret")));
    }

    private static void assertTooLarge(HttpResponse<String> response) {
        assertEquals(413, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(response.body().contains("\"code\":\"PAYLOAD_TOO_LARGE\""), response.body());
        String requestId = response.headers().firstValue("X-Request-Id").orElseThrow();
        assertTrue(response.body().contains("\"instance\":\"" + requestId + "\""), response.body());
        assertFalse(response.body().contains("Exception"), response.body());
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpClient client = checked(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1));
        return client.send(request
                .header("Authorization", "Bearer " + TestTokens.user("carol").sign())
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A body of unknown length, so that it is sent chunked. */
    private static final class Filler extends InputStream {

        private long remaining;

        Filler(long size) {
            this.remaining = size;
        }

        @Override
        public int read() {
            return remaining-- > 0 ? 'a' : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (remaining <= 0) {
                return -1;
            }
            int count = (int) Math.min(length, remaining);
            Arrays.fill(buffer, offset, offset + count, (byte) 'a');
            remaining -= count;
            return count;
        }
    }
}
