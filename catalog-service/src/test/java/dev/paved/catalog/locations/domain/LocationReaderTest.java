package dev.paved.catalog.locations.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.catalog.config.CatalogConfig;
import dev.paved.catalog.domain.DocumentParser;
import dev.paved.catalog.domain.EntityValidator;
import dev.paved.catalog.locations.config.LocationsConfig;
import dev.paved.catalog.locations.git.GitRepositories;
import dev.paved.catalog.locations.git.NoisyRemotes;
import dev.paved.testing.ConfigMappings;

class LocationReaderTest {

    @TempDir
    Path temporary;

    @Test
    void aReadLetsGoOfTheRepositoriesItFetchedSoTheCacheCanRemoveThem() throws Exception {
        Path cache = temporary.resolve("cache");
        // Room for one fetch of 50K, not for a repository of one commit (40K) besides it.
        LocationsConfig config = ConfigMappings.of(LocationsConfig.class, Map.of(
                "paved.catalog.locations.cache-dir", cache.toString(),
                "paved.catalog.locations.max-cache-size", "80K",
                "paved.catalog.locations.max-fetch-size", "50K",
                "paved.catalog.locations.file-roots", temporary.toString()));
        CatalogConfig catalog = ConfigMappings.of(CatalogConfig.class, Map.of());
        LocationReader reader = new LocationReader(new GitRepositories(config), new DocumentParser(catalog),
                new EntityValidator(new ObjectMapper(), catalog), new AllowedTargets(config), config);
        NoisyRemotes remotes = new NoisyRemotes(temporary.resolve("remotes"));
        String first = remotes.remote("first", component("first"));
        String second = remotes.remote("second", component("second"));

        LocationReader.Read firstRead = reader.read(LocationTarget.parse(first + "/blob/main/catalog-info.yaml"));
        // Recency is kept to the millisecond: the next use must come later.
        Thread.sleep(20);
        LocationReader.Read secondRead = reader.read(LocationTarget.parse(second + "/blob/main/catalog-info.yaml"));

        assertEquals(1, firstRead.entities().size(), firstRead.errors().toString());
        assertEquals(1, secondRead.entities().size(), secondRead.errors().toString());
        assertFalse(Files.exists(NoisyRemotes.cached(cache, first)),
                "the first read was over, so its repository made room for the second");
        assertTrue(Files.exists(NoisyRemotes.cached(cache, second)));
    }

    private static String component(String name) {
        return """
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: %s
                spec:
                  type: service
                  lifecycle: production
                  owner: team-a
                """.formatted(name);
    }
}
