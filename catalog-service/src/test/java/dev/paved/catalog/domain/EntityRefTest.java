package dev.paved.catalog.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class EntityRefTest {

    @Test
    void fillsInTheFieldsDefaultKindAndTheReferringNamespace() {
        assertEquals(new EntityRef("Group", "payments", "team-a"), EntityRef.parse("team-a", "Group", "payments").get());
        assertEquals(new EntityRef("user", "payments", "jdoe"), EntityRef.parse("user:jdoe", "Group", "payments").get());
        assertEquals(new EntityRef("Group", "other", "team-a"), EntityRef.parse("other/team-a", "Group", "payments").get());
        assertEquals(new EntityRef("api", "ns", "x"), EntityRef.parse("api:ns/x", null, "default").get());
    }

    @Test
    void needsAKindWhereTheFieldHasNone() {
        assertTrue(EntityRef.parse("some-db", null, "default").isEmpty());
        assertTrue(EntityRef.parse("default/some-db", null, "default").isEmpty());
    }

    @Test
    void rejectsMalformedReferences() {
        assertTrue(EntityRef.parse("a:b:c", "Group", "default").isEmpty());
        assertTrue(EntityRef.parse("a/b/c", "Group", "default").isEmpty());
        assertTrue(EntityRef.parse("group:", "Group", "default").isEmpty());
        assertTrue(EntityRef.parse(" ", "Group", "default").isEmpty());
    }

    @Test
    void comparesCaseInsensitivelyAndPrintsAsBackstageDoes() {
        EntityRef ref = new EntityRef("Component", "Default", "Artist-Web");
        assertEquals("component:default/artist-web", ref.key());
        assertEquals("component:default/Artist-Web", ref.toString());
    }
}
