package dev.paved.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.local.DevIssuer;
import dev.paved.local.TokenSpec;
import dev.paved.sdk.ApiException;
import dev.paved.sdk.api.IdentityApi;
import dev.paved.sdk.model.Me;

/** Who the platform says the caller is, through the generated SDK and the gateway. */
@EndToEndTest
class IdentityIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void meAnswersTheSubjectTeamsAndRolesOfTheToken(PlatformUnderTest platform) throws ApiException {
        String token = platform.token(TokenSpec.user("alice").team("payments").team("checkout")
                .role("platform-admin"));

        Me me = new IdentityApi(platform.sdk(token)).getMe();

        assertEquals("alice", me.getSubject());
        assertEquals(List.of("checkout", "payments"), me.getTeams());
        assertEquals(List.of("platform-admin"), me.getRoles());
    }

    @Test
    void meOfTheDemoUserHasItsTeamAndNoRoles(PlatformUnderTest platform) throws ApiException {
        String token = platform.token(TokenSpec.user("demo").team("demo-team"));

        Me me = new IdentityApi(platform.sdk(token)).getMe();

        assertEquals("demo", me.getSubject());
        assertEquals(List.of("demo-team"), me.getTeams());
        assertEquals(List.of(), me.getRoles());
    }

    @Test
    void meWithoutATokenIsRefusedWith401Problem(PlatformUnderTest platform) throws IOException {
        ApiException refused = assertThrows(ApiException.class, () -> new IdentityApi(platform.sdk()).getMe());

        assertUnauthenticatedProblem(refused);
    }

    @Test
    void meWithATokenOfAnUntrustedIssuerIsRefusedWith401Problem(PlatformUnderTest platform) throws IOException {
        String forged;
        try (DevIssuer untrusted = DevIssuer.start(null, 0)) {
            forged = untrusted.mint(TokenSpec.user("mallory").role("platform-admin"));
        }
        String token = forged;

        ApiException refused = assertThrows(ApiException.class, () -> new IdentityApi(platform.sdk(token)).getMe());

        assertUnauthenticatedProblem(refused);
    }

    private static void assertUnauthenticatedProblem(ApiException refused) throws IOException {
        assertEquals(401, refused.getCode());
        assertTrue(refused.getResponseHeaders().firstValue("Content-Type").orElse("")
                .startsWith("application/problem+json"), () -> "content type of " + refused.getResponseHeaders());
        JsonNode problem = JSON.readTree(refused.getResponseBody());
        assertEquals(401, problem.path("status").asInt());
        assertEquals("UNAUTHENTICATED", problem.path("code").asText());
    }
}
