package dev.paved.catalog.locations.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GlobTest {

    @Test
    void doubleStarCrossesDirectoriesAndMatchesTheRoot() {
        Glob glob = Glob.of("**/catalog-info.yaml");

        assertTrue(glob.matches("catalog-info.yaml"));
        assertTrue(glob.matches("services/cart/catalog-info.yaml"));
        assertFalse(glob.matches("services/cart/catalog-info.yaml.bak"));
        assertFalse(glob.matches("xcatalog-info.yaml"));
        assertEquals("", glob.fixedDirectory());
    }

    @Test
    void singleStarAndQuestionMarkStayWithinOneDirectory() {
        Glob glob = Glob.of("services/*/catalog-info.y?ml");

        assertTrue(glob.matches("services/cart/catalog-info.yaml"));
        assertFalse(glob.matches("services/cart/api/catalog-info.yaml"));
        assertFalse(glob.matches("other/cart/catalog-info.yaml"));
        assertEquals("services", glob.fixedDirectory());
    }

    @Test
    void otherCharactersMatchThemselves() {
        Glob glob = Glob.of("teams/a+b/(x).yaml");

        assertTrue(glob.matches("teams/a+b/(x).yaml"));
        assertFalse(glob.matches("teams/aab/(x).yaml"));
    }
}
