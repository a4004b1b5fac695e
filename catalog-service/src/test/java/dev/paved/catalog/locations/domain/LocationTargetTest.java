package dev.paved.catalog.locations.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LocationTargetTest {

    @Test
    void readsAGitHubFileUrlAsRepositoryRefAndPath() throws Exception {
        LocationTarget target = LocationTarget.parse("https://GitHub.com/acme/shop/blob/main/services/catalog-info.yaml");

        assertEquals("https://github.com/acme/shop", target.repository());
        assertEquals("main", target.ref());
        assertEquals("services/catalog-info.yaml", target.path());
        assertFalse(target.isGlob());
        assertEquals("url:https://github.com/acme/shop/blob/main/x.yaml", target.fileLocation("x.yaml"));
    }

    @Test
    void readsGitLabUrlsWithGroupsAndGlobs() throws Exception {
        LocationTarget target = LocationTarget.parse(
                "https://gitlab.example.com:8443/acme/team/shop/-/blob/v1.2.0/**/catalog-info.yaml");

        assertEquals("https://gitlab.example.com:8443/acme/team/shop", target.repository());
        assertEquals("v1.2.0", target.ref());
        assertTrue(target.isGlob());
        assertEquals("https://gitlab.example.com:8443/acme/team/shop/-/blob/v1.2.0/**/catalog-info.yaml",
                target.toString());
    }

    @Test
    void readsALocalRepositoryInTheSameForm() throws Exception {
        LocationTarget target = LocationTarget.parse("file:///srv/git/shop.git/blob/main/catalog-info.yaml");

        assertEquals("file:///srv/git/shop.git", target.repository());
        assertTrue(target.isFile());
    }

    @Test
    void resolvesLocationEntityTargetsFromTheFilesDirectory() throws Exception {
        LocationTarget root = LocationTarget.parse("https://github.com/acme/shop/blob/main/catalog-info.yaml");

        assertEquals("teams/a/catalog-info.yaml", root.resolve("./a/catalog-info.yaml", "teams/all.yaml").path());
        assertEquals("other.yaml", root.resolve("../other.yaml", "teams/all.yaml").path());
        assertEquals("top.yaml", root.resolve("/top.yaml", "teams/all.yaml").path());
        assertEquals("https://github.com/acme/other",
                root.resolve("https://github.com/acme/other/blob/main/x.yaml", "all.yaml").repository());
        assertThrows(LocationTarget.InvalidTarget.class, () -> root.resolve("../../outside.yaml", "teams/all.yaml"));
    }

    @Test
    void refusesWhatIsNoRepositoryFile() {
        assertThrows(LocationTarget.UnsupportedScheme.class,
                () -> LocationTarget.parse("http://github.com/acme/shop/blob/main/catalog-info.yaml"));
        assertThrows(LocationTarget.UnsupportedScheme.class, () -> LocationTarget.parse("github.com/acme/shop"));
        for (String invalid : new String[] {
                "https://github.com/acme/shop",
                "https://github.com/acme/shop/tree/main/catalog-info.yaml",
                "https://github.com/shop/blob/main/catalog-info.yaml",
                "https://github.com/acme/shop/blob/main/",
                "https://github.com/acme/shop/blob/main/a/../../etc/passwd",
                "https://token@github.com/acme/shop/blob/main/catalog-info.yaml",
                "https://github.com/acme/shop/blob/main/catalog-info.yaml?ref=x",
                "file://host/srv/shop.git/blob/main/catalog-info.yaml",
                "https://github.com/acme/shop/blob/ma~in/catalog-info.yaml" }) {
            assertThrows(LocationTarget.InvalidTarget.class, () -> LocationTarget.parse(invalid), invalid);
        }
    }
}
