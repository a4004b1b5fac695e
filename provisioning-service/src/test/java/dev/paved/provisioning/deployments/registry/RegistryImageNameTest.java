package dev.paved.provisioning.deployments.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

class RegistryImageNameTest {

    private static final String DIGEST = "sha256:" + "0f".repeat(32);

    @Test
    void aOneComponentNameIsAnOfficialDockerHubImage() {
        RegistryImageName image = parse("nginx:1.25");

        assertEquals(new RegistryImageName("docker.io", "library/nginx", "1.25", Optional.empty()), image);
        assertEquals("registry-1.docker.io", image.apiHost());
        assertFalse(image.onLoopback());
    }

    @Test
    void aFirstComponentWithoutDotOrPortIsADockerHubNamespace() {
        assertEquals(new RegistryImageName("docker.io", "bitnami/redis", "7.2", Optional.empty()),
                parse("bitnami/redis:7.2"));
        assertEquals(new RegistryImageName("docker.io", "library/redis", "7", Optional.empty()),
                parse("index.docker.io/redis:7"));
    }

    @Test
    void aFirstComponentWithADotOrAPortIsTheRegistry() {
        assertEquals(new RegistryImageName("ghcr.io", "acme/team/shop", "v1.2.3", Optional.empty()),
                parse("ghcr.io/acme/team/shop:v1.2.3"));
        assertEquals(new RegistryImageName("registry.example.com:5000", "shop", "1.0", Optional.empty()),
                parse("registry.example.com:5000/shop:1.0"));
        assertEquals("registry.example.com:5000", parse("registry.example.com:5000/shop:1.0").apiHost());
    }

    @Test
    void noTagMeansLatest() {
        assertEquals("latest", parse("ghcr.io/acme/shop").tag());
    }

    @Test
    void aDigestIsKeptBesideTheTag() {
        RegistryImageName image = parse("ghcr.io/acme/shop:1.0@" + DIGEST);

        assertEquals("1.0", image.tag());
        assertEquals(Optional.of(DIGEST), image.digest());
    }

    @Test
    void loopbackRegistriesAreRecognisedWithOrWithoutPort() {
        assertTrue(parse("127.0.0.1:5000/shop:1").onLoopback());
        assertTrue(parse("localhost/shop:1").onLoopback());
        assertTrue(parse("localhost:5000/shop:1").onLoopback());
        assertTrue(parse("[::1]:5000/shop:1").onLoopback());
        assertFalse(parse("127.0.0.2:5000/shop:1").onLoopback());
        assertFalse(parse("localhost.example.com/shop:1").onLoopback());
    }

    @Test
    void malformedReferencesAreNotRead() {
        for (String invalid : new String[] {"", " ", "UPPER/case:1", "shop:", ":1.0", "shop/:1", "-shop:1",
                "ghcr.io/shop@sha256:xyz", "ghcr.io/shop:" + "t".repeat(129), "bad host!/shop:1"}) {
            assertEquals(Optional.empty(), RegistryImageName.parse(invalid), invalid);
        }
    }

    private static RegistryImageName parse(String reference) {
        return RegistryImageName.parse(reference).orElseThrow(() -> new AssertionError(reference + " was not read"));
    }
}
