package dev.paved.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class DevIssuerTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void servesDiscoveryAndAJwksThatVerifiesItsTokens() throws Exception {
        try (DevIssuer issuer = DevIssuer.start(null, 0)) {
            JsonNode discovery = get(issuer.issuerUrl() + "/.well-known/openid-configuration");
            assertEquals(issuer.issuerUrl(), discovery.get("issuer").asText());

            String token = issuer.mint(TokenSpec.user("alice").team("payments").role("platform-admin"));
            String[] parts = token.split("\\.");
            JsonNode header = decode(parts[0]);
            JsonNode claims = decode(parts[1]);
            assertEquals("RS256", header.get("alg").asText());
            assertEquals("alice", claims.get("sub").asText());
            assertEquals("paved", claims.get("aud").asText());
            assertEquals(issuer.issuerUrl(), claims.get("iss").asText());
            assertEquals("payments", claims.get("groups").get(0).asText());
            assertEquals("platform-admin", claims.get("roles").get(0).asText());

            JsonNode key = get(discovery.get("jwks_uri").asText()).get("keys").get(0);
            assertEquals(header.get("kid").asText(), key.get("kid").asText());
            assertTrue(verifies(key, parts), "the JWKS key verifies the signature");
        }
    }

    @Test
    void keepsItsKeyAcrossRestartsSoTokensStayValid(@TempDir Path keys) throws Exception {
        String firstKeyId;
        try (DevIssuer first = DevIssuer.start(keys, 0)) {
            firstKeyId = decode(first.mint(TokenSpec.user("a")).split("\\.")[0]).get("kid").asText();
        }
        DevIssuer offline = DevIssuer.offline(keys, "http://127.0.0.1:1");
        assertEquals(firstKeyId, decode(offline.mint(TokenSpec.user("a")).split("\\.")[0]).get("kid").asText());
    }

    @Test
    void issuesTokensToARegisteredClientByClientCredentials() throws Exception {
        try (DevIssuer issuer = DevIssuer.start(null, 0)) {
            issuer.registerClient("api-gateway", "s3cret", TokenSpec.user("service-api-gateway").scope("catalog.read"));
            String tokenEndpoint = get(issuer.issuerUrl() + "/.well-known/openid-configuration").get("token_endpoint")
                    .asText();

            HttpResponse<String> basic = postForm(tokenEndpoint, "grant_type=client_credentials",
                    "Basic " + Base64.getEncoder().encodeToString("api-gateway:s3cret".getBytes(StandardCharsets.UTF_8)));
            assertEquals(200, basic.statusCode(), basic.body());
            JsonNode answer = JSON.readTree(basic.body());
            assertEquals("Bearer", answer.get("token_type").asText());
            assertTrue(answer.get("expires_in").asLong() > 0);
            String[] parts = answer.get("access_token").asText().split("\\.");
            assertEquals("service-api-gateway", decode(parts[1]).get("sub").asText());
            assertEquals("catalog.read", decode(parts[1]).get("scope").asText());
            assertTrue(verifies(get(issuer.issuerUrl() + "/jwks").get("keys").get(0), parts));

            HttpResponse<String> post = postForm(tokenEndpoint,
                    "grant_type=client_credentials&client_id=api-gateway&client_secret=s3cret", null);
            assertEquals(200, post.statusCode(), post.body());
        }
    }

    @Test
    void refusesAWrongSecretAnUnknownClientAndOtherGrants() throws Exception {
        try (DevIssuer issuer = DevIssuer.start(null, 0)) {
            issuer.registerClient("api-gateway", "s3cret", TokenSpec.user("service-api-gateway"));
            String tokenEndpoint = issuer.issuerUrl() + "/token";
            String wrongSecret = "Basic " + Base64.getEncoder().encodeToString("api-gateway:guess".getBytes(StandardCharsets.UTF_8));

            HttpResponse<String> wrong = postForm(tokenEndpoint, "grant_type=client_credentials", wrongSecret);
            assertEquals(401, wrong.statusCode());
            assertEquals("invalid_client", JSON.readTree(wrong.body()).get("error").asText());
            assertEquals(401, postForm(tokenEndpoint,
                    "grant_type=client_credentials&client_id=nobody&client_secret=s3cret", null).statusCode());
            assertEquals(401, postForm(tokenEndpoint, "grant_type=client_credentials", null).statusCode());
            assertEquals(401, postForm(tokenEndpoint, "grant_type=client_credentials", "Basic not-base64!").statusCode());

            HttpResponse<String> password = postForm(tokenEndpoint,
                    "grant_type=password&client_id=api-gateway&client_secret=s3cret", null);
            assertEquals(400, password.statusCode());
            assertEquals("unsupported_grant_type", JSON.readTree(password.body()).get("error").asText());
            assertEquals(405, HTTP.send(HttpRequest.newBuilder(URI.create(tokenEndpoint)).build(),
                    HttpResponse.BodyHandlers.ofString()).statusCode());
        }
    }

    private static HttpResponse<String> postForm(String url, String form, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static boolean verifies(JsonNode jwk, String[] parts) throws Exception {
        Base64.Decoder decoder = Base64.getUrlDecoder();
        PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(
                new BigInteger(1, decoder.decode(jwk.get("n").asText())),
                new BigInteger(1, decoder.decode(jwk.get("e").asText()))));
        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(key);
        rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        return rsa.verify(decoder.decode(parts[2]));
    }

    private static JsonNode decode(String part) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(part));
    }

    private static JsonNode get(String url) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return JSON.readTree(response.body());
    }
}
