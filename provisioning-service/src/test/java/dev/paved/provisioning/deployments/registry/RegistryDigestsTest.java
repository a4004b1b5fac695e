package dev.paved.provisioning.deployments.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.provisioning.deployments.config.RegistriesConfig;
import dev.paved.testing.ConfigMappings;
import dev.paved.testing.registry.OciRegistryServer;

/** Against a real registry: Debian's docker-registry, started on a free port. */
class RegistryDigestsTest {

    private static final String SOME_DIGEST = "sha256:" + "ab".repeat(32);

    private static OciRegistryServer registry;
    private static RegistryDigests digests;

    @BeforeAll
    static void start() {
        registry = OciRegistryServer.start();
        digests = new RegistryDigests(ConfigMappings.of(RegistriesConfig.class, Map.of()));
    }

    @AfterAll
    static void stop() {
        if (registry != null) {
            registry.close();
        }
    }

    @Test
    void resolvesAPushedTagToTheDigestThePushReturned() {
        String pushed = registry.push("team/shop", "1.4.2");

        assertEquals(pushed, digests.resolve(registry.host() + "/team/shop:1.4.2"));
    }

    @Test
    void resolvesATagToTheImageItPointsToNow() {
        registry.push("team/cart", "stable");
        String moved = registry.push("team/cart", "stable");

        assertEquals(moved, digests.resolve(registry.host() + "/team/cart:stable"));
    }

    @Test
    void reachesARegistryNamedLocalhostOverPlainHttpToo() {
        String pushed = registry.push("team/billing", "2.0.0");
        String port = registry.host().substring(registry.host().indexOf(':') + 1);

        assertEquals(pushed, digests.resolve("localhost:" + port + "/team/billing:2.0.0"));
    }

    @Test
    void anUnknownTagIsAnImageNotFoundAtTheCallersPointer() {
        registry.push("team/orders", "1.0.0");

        ProblemException problem = assertThrows(ProblemException.class,
                () -> digests.resolve(registry.host() + "/team/orders:9.9.9", "/containers/main/image"));

        assertEquals(422, problem.status());
        assertEquals("IMAGE_NOT_FOUND", problem.code());
        assertEquals(List.of("/containers/main/image"), problem.errors().stream().map(Violation::pointer).toList());
    }

    @Test
    void anUnknownRepositoryIsAnImageNotFound() {
        ProblemException problem = assertThrows(ProblemException.class,
                () -> digests.resolve(registry.host() + "/team/never-pushed:1.0.0"));

        assertEquals(422, problem.status());
        assertEquals("IMAGE_NOT_FOUND", problem.code());
        assertEquals(List.of(RegistryDigests.DEFAULT_POINTER), problem.errors().stream().map(Violation::pointer).toList());
    }

    @Test
    void aRegistryNobodyListensForIsUnavailable() throws IOException {
        int closedPort = closedPort();

        ProblemException problem = assertThrows(ProblemException.class,
                () -> digests.resolve("127.0.0.1:" + closedPort + "/team/shop:1.0.0"));

        assertEquals(503, problem.status());
        assertEquals("REGISTRY_UNAVAILABLE", problem.code());
    }

    @Test
    void aReferenceHoldingADigestResolvesToItWithoutAskingTheRegistry() throws IOException {
        int closedPort = closedPort();

        assertEquals(SOME_DIGEST, digests.resolve("127.0.0.1:" + closedPort + "/team/shop:1.0.0@" + SOME_DIGEST));
        assertEquals(SOME_DIGEST, digests.resolve("ghcr.io/team/shop@" + SOME_DIGEST));
    }

    @Test
    void somethingThatIsNotAnImageReferenceIsRefusedAtThePointer() {
        for (String invalid : List.of("", "Team/Shop:1.0", "team/shop:", "team//shop:1.0", "team/shop@sha256:short",
                "team/shop:bad tag")) {
            ProblemException problem = assertThrows(ProblemException.class, () -> digests.resolve(invalid, "/image"),
                    invalid);

            assertEquals(422, problem.status(), invalid);
            assertEquals("INVALID_IMAGE_REFERENCE", problem.code(), invalid);
            assertEquals(List.of("/image"), problem.errors().stream().map(Violation::pointer).toList(), invalid);
        }
    }

    /** A port nothing listens on any more. */
    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
