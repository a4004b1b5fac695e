package dev.paved.catalog.api;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** A first start with seed settings registers the demo team, its user and its component. */
@QuarkusTest
class DemoSeedTest extends CatalogGrpcTest {

    @Test
    void seedsTheDemoTeamItsUserAndItsComponent() throws IOException {
        assertTrue(EntityModelTest.relations(get("Group", "default", "seed-team")).containsAll(java.util.Set.of(
                "hasMember user:default/seed-user", "ownerOf component:default/seed-service")));
        assertTrue(EntityModelTest.relations(get("User", "default", "seed-user")).contains("memberOf group:default/seed-team"));
        assertTrue(EntityModelTest.relations(get("Component", "default", "seed-service"))
                .contains("ownedBy group:default/seed-team"));
    }
}
