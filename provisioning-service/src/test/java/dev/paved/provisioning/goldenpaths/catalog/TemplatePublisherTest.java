package dev.paved.provisioning.goldenpaths.catalog;

import static dev.paved.provisioning.goldenpaths.GoldenPathDrafts.draft;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.paved.api.provisioning.v1.DeprecateGoldenPathVersionRequest;
import dev.paved.provisioning.GrpcClients;
import dev.paved.provisioning.Provisioning;
import dev.paved.provisioning.catalog.FakeCatalog;
import dev.paved.provisioning.goldenpaths.GoldenPathDrafts;
import dev.paved.provisioning.goldenpaths.ServiceClientResource;
import dev.paved.provisioning.goldenpaths.domain.GoldenPath;
import dev.paved.provisioning.goldenpaths.domain.GoldenPathVersion;
import dev.paved.provisioning.goldenpaths.domain.GoldenPaths;
import dev.paved.provisioning.kubernetes.KubernetesApiResource;
import dev.paved.testing.OidcTestResource;
import dev.paved.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KubernetesApiResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ServiceClientResource.class, restrictToAnnotatedClass = false)
class TemplatePublisherTest {

    @Inject
    TemplatePublisher publisher;
    @Inject
    GoldenPaths goldenPaths;

    @Test
    void aPublicationOfEveryGoldenPathThatReadThemBeforeAnAdminsChangeDoesNotPutTheOldTemplateBack() {
        String name = GoldenPathDrafts.freshName();
        var admin = GrpcClients.goldenPaths(Provisioning.ADMIN);
        admin.registerGoldenPathVersion(draft(name, "1.0.0").build());
        admin.registerGoldenPathVersion(draft(name, "1.1.0").build());
        GoldenPath beforeTheChange = goldenPaths.get(name);

        AtomicInteger reads = new AtomicInteger();
        publisher.publishAsService(() -> {
            if (reads.getAndIncrement() == 0) {
                // The admin deprecates the latest version (and publishes the Template from 1.0.0) just
                // after this publication read the golden paths, so that it would publish 1.1.0 last.
                admin.deprecateGoldenPathVersion(DeprecateGoldenPathVersionRequest.newBuilder().setName(name)
                        .setVersion("1.1.0").build());
                return List.of(beforeTheChange);
            }
            return List.of(goldenPaths.get(name));
        });

        List<FakeCatalog.Written> published = FakeCatalog.UPSERTED.stream()
                .filter(written -> written.name().equals(name)).toList();
        assertEquals("1.0.0", published.get(published.size() - 1).entity()
                .at("/metadata/annotations/paved.dev~1golden-path-version").asText(),
                "the Template last published is the one after the admin's change");
        assertEquals(2, reads.get(), "the golden paths were read again after the admin's publication");
    }

    @Test
    void aGoldenPathWhoseTemplateTheCatalogRefusesKeepsNoOtherFromBeingPublished() {
        String refused = GoldenPathDrafts.freshName();
        String accepted = GoldenPathDrafts.freshName();
        GoldenPath tooLarge = new GoldenPath(refused, List.of(new GoldenPathVersion(refused, "1.0.0",
                "d".repeat(270_000), GoldenPathDrafts.SCHEMA, GoldenPathDrafts.TEMPLATE, "Deployment", false, false,
                "root", Instant.now())));
        GoldenPath fine = new GoldenPath(accepted, List.of(new GoldenPathVersion(accepted, "1.0.0", "Fine.",
                GoldenPathDrafts.SCHEMA, GoldenPathDrafts.TEMPLATE, "Deployment", false, false, "root",
                Instant.now())));

        publisher.publishAsService(() -> List.of(tooLarge, fine));

        assertTrue(FakeCatalog.UPSERTED.stream().anyMatch(written -> written.name().equals(accepted)),
                "the golden path after the refused one is published");
        assertTrue(FakeCatalog.UPSERTED.stream().noneMatch(written -> written.name().equals(refused)));
    }

    @Test
    void pointsFromTheTemplateIntoTheRegistrationWhereTheyMeetAndAtTheWholeRegistrationElsewhere() {
        assertEquals("/description", TemplatePublisher.registrationPointer("/0/metadata/description"));
        assertEquals("/parametersSchema/properties/replicas/type",
                TemplatePublisher.registrationPointer("/0/spec/parameters/0/properties/replicas/type"));
        assertEquals("/parametersSchema", TemplatePublisher.registrationPointer("/0/spec/parameters/0"));
        assertEquals("", TemplatePublisher.registrationPointer("/0"));
        assertEquals("", TemplatePublisher.registrationPointer("/0/spec/owner"));
        assertEquals("", TemplatePublisher.registrationPointer(""));
        assertEquals("", TemplatePublisher.registrationPointer("/01/metadata/description"));
    }
}
