package dev.paved.provisioning.deployments.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ImageReferenceTest {

    private static final String DIGEST = "sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
            "nginx                             | docker.io          | library/nginx  | -          | false | true  | false",
            "nginx:latest                      | docker.io          | library/nginx  | latest     | false | true  | false",
            "nginx:1.27.0                      | docker.io          | library/nginx  | 1.27.0     | false | false | true",
            "acme/api:v2.0.0-rc.1              | docker.io          | acme/api       | v2.0.0-rc.1 | false | false | true",
            "ghcr.io/acme/api:main             | ghcr.io            | acme/api       | main       | false | false | false",
            "ghcr.io/acme/api:1.4              | ghcr.io            | acme/api       | 1.4        | false | false | false",
            "localhost:5000/team/api:1.0.0     | localhost:5000     | team/api       | 1.0.0      | false | false | true",
            "registry.example.com:8443/a/b/c:dev | registry.example.com:8443 | a/b/c | dev        | false | false | false",
    })
    void referencesAreReadAsTheDistributionGrammarDoes(String reference, String registry, String repository,
            String tag, boolean digest, boolean latestOrTagless, boolean immutableTag) {
        ImageReference image = ImageReference.parse(reference);

        assertEquals(registry, image.registry());
        assertEquals(repository, image.repository());
        assertEquals(tag, image.tag());
        assertEquals(digest, image.hasDigest());
        assertEquals(latestOrTagless, image.isLatestOrTagless());
        assertEquals(immutableTag, image.isImmutableVersionTag());
    }

    @ParameterizedTest
    @ValueSource(strings = {"nginx@", "ghcr.io/acme/api:latest@"})
    void digestIsPinnedEvenWithAMovingTag(String prefix) {
        ImageReference image = ImageReference.parse(prefix + DIGEST);

        assertEquals(DIGEST, image.digest());
        assertEquals(false, image.isLatestOrTagless());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "Nginx", "nginx:", "nginx:bad/tag", "nginx@sha256:abc", "-nginx", "a//b",
            "ghcr.io/", "nginx:1.0:2", "ghcr.io/acme/API:1"})
    void invalidReferencesAreRefused(String reference) {
        assertThrows(IllegalArgumentException.class, () -> ImageReference.parse(reference));
    }

    @ParameterizedTest
    @ValueSource(strings = {"nginx", "ghcr.io/acme/api:1.4.2", "localhost:5000/a/b:1.0.0@" + DIGEST})
    void referencesPrintInFullForm(String reference) {
        ImageReference image = ImageReference.parse(reference);

        assertEquals(image, ImageReference.parse(image.toString()));
    }

    @Test
    void dockerHubHasOneNameAndLoopbackRegistriesAreKnownByAddress() {
        assertEquals(new ImageReference("docker.io", "library/redis", "7", null), ImageReference.parse("index.docker.io/redis:7"));
        assertEquals(new ImageReference("docker.io", "bitnami/redis", "7.2", null), ImageReference.parse("bitnami/redis:7.2"));
        assertTrue(ImageReference.parse("127.0.0.1:5000/shop/web:1.0").isOnLoopback());
        assertTrue(ImageReference.parse("localhost:5000/shop/web:1.0").isOnLoopback());
        assertFalse(ImageReference.parse("registry.example.com:5000/shop/web:1.0").isOnLoopback());
    }
}
