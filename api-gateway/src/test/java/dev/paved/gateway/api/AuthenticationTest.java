package dev.paved.gateway.api;

import static dev.paved.gateway.api.ProblemAssertions.assertProblem;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import dev.paved.testing.OidcTestResource;
import dev.paved.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
class AuthenticationTest {

    private static final String ME = "/api/v1/me";

    @Test
    void answersSubjectTeamsAndRolesOfTheToken() {
        given().auth().oauth2(TestTokens.user("alice").team("search").team("payments").role("platform-admin").sign())
                .when().get(ME)
                .then().statusCode(200)
                .contentType("application/json")
                .body("subject", equalTo("alice"))
                .body("teams", contains("payments", "search"))
                .body("roles", contains("platform-admin"));
    }

    @Test
    void answersEmptyTeamsAndRolesForAUserWithout() {
        given().auth().oauth2(TestTokens.user("bob").sign())
                .when().get(ME)
                .then().statusCode(200)
                .body("subject", equalTo("bob"))
                .body("teams", empty())
                .body("roles", empty());
    }

    @Test
    void rejectsRequestWithoutToken() {
        assertProblem(given().when().get(ME), 401, "UNAUTHENTICATED")
                .header("WWW-Authenticate", "Bearer");
    }

    @Test
    void rejectsGarbageToken() {
        assertProblem(given().header("Authorization", "Bearer not-a-token").when().get(ME), 401, "UNAUTHENTICATED");
    }

    @Test
    void rejectsTokenOfAnotherScheme() {
        assertProblem(given().header("Authorization", "Basic YWxpY2U6c2VjcmV0").when().get(ME), 401,
                "UNAUTHENTICATED");
    }

    @Test
    void rejectsUnsignedToken() {
        assertProblem(given().auth().oauth2(TestTokens.unsigned("mallory")).when().get(ME), 401, "UNAUTHENTICATED");
    }

    @Test
    void rejectsTokenOfAnotherIssuer() {
        assertProblem(given().auth().oauth2(TestTokens.user("mallory").otherIssuer().sign()).when().get(ME), 401,
                "UNAUTHENTICATED");
    }

    @Test
    void rejectsExpiredToken() {
        assertProblem(given().auth().oauth2(TestTokens.user("alice").expired().sign()).when().get(ME), 401,
                "UNAUTHENTICATED");
    }

    @Test
    void rejectsAnAcceptedTokenOnceItHasExpired() throws InterruptedException {
        String token = TestTokens.user("alice").expiresIn(Duration.ofSeconds(2)).sign();
        given().auth().oauth2(token).when().get(ME).then().statusCode(200);
        given().auth().oauth2(token).when().get(ME).then().statusCode(200);
        Thread.sleep(2_100);
        assertProblem(given().auth().oauth2(token).when().get(ME), 401, "UNAUTHENTICATED");
    }

    @Test
    void rejectsAnAcceptedTokenWhoseSignatureWasAltered() {
        String token = TestTokens.user("alice").sign();
        given().auth().oauth2(token).when().get(ME).then().statusCode(200);
        int signature = token.lastIndexOf('.') + 1;
        char first = token.charAt(signature);
        String altered = token.substring(0, signature) + (first == 'A' ? 'B' : 'A') + token.substring(signature + 1);
        assertProblem(given().auth().oauth2(altered).when().get(ME), 401, "UNAUTHENTICATED");
    }

    @Test
    void rejectsTokenForAnotherAudience() {
        assertProblem(given().auth().oauth2(TestTokens.user("alice").audience("billing").sign()).when().get(ME), 401,
                "UNAUTHENTICATED");
    }

    @Test
    void rejectsCallerWhoMayNotActWithForbiddenProblem() {
        assertProblem(given().auth().oauth2(TestTokens.user("bob").team("payments").sign())
                .when().get("/api/v1/test-probe/admins-only"), 403, "PLATFORM_ADMIN_REQUIRED");
        given().auth().oauth2(TestTokens.user("root").role("platform-admin").sign())
                .when().get("/api/v1/test-probe/admins-only")
                .then().statusCode(200);
    }
}
