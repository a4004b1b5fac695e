package dev.paved.gateway.api.backstage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;

import org.junit.jupiter.api.Test;

class NextLinkTest {

    @Test
    void keepsTheQueryButOffsetAndAfterAndAsksForTheRestAfterTheCursor() {
        assertEquals("</api/catalog/entities?filter=kind%3Dcomponent&limit=20&fields=metadata.name&after=a%2Bb%3D>; "
                + "rel=\"next\"", BackstageEntitiesResource.nextLink(URI.create("/api/catalog/entities?"
                        + "filter=kind%3Dcomponent&offset=40&limit=20&after=old&fields=metadata.name&offset"), "a+b="));
    }

    @Test
    void aRequestWithoutQueryGetsOnlyTheCursor() {
        assertEquals("</api/catalog/entities?after=c>; rel=\"next\"",
                BackstageEntitiesResource.nextLink(URI.create("/api/catalog/entities"), "c"));
    }
}
