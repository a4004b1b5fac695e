package dev.paved.provisioning.goldenpaths.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Set;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.common.security.Caller;
import dev.paved.provisioning.goldenpaths.GoldenPathDrafts;
import dev.paved.provisioning.goldenpaths.ServiceClientResource;
import dev.paved.provisioning.goldenpaths.catalog.TemplatePublisher;
import dev.paved.provisioning.goldenpaths.config.GoldenPathsConfig;
import dev.paved.provisioning.goldenpaths.persistence.GoldenPathStore;
import dev.paved.provisioning.kubernetes.KubernetesApiResource;
import dev.paved.testing.OidcTestResource;
import dev.paved.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

/** Which version a deployment gets: the latest by version number, never a deprecated one it names. */
@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = KubernetesApiResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = ServiceClientResource.class, restrictToAnnotatedClass = false)
class GoldenPathResolutionTest {

    // Registering publishes on behalf of the current caller; without a request there is none, and a
    // publication failure never fails the registration.
    private static final Caller ADMIN = new Caller("root", Set.of(), Set.of(Caller.PLATFORM_ADMIN), Set.of());

    @Inject
    GoldenPaths goldenPaths;

    @Inject
    GoldenPathStore store;

    @Inject
    GoldenPathValidator validator;

    @Inject
    TemplatePublisher publisher;

    @Inject
    GoldenPathsConfig config;

    /** Another replica's golden paths, on the same database, keeping what it read for {@code ttl}. */
    private GoldenPaths replica(Duration ttl) {
        return new GoldenPaths(store, validator, publisher, new GoldenPathsSettings(config.defaultGoldenPath(), ttl));
    }

    private String registered(String... versions) {
        String name = GoldenPathDrafts.freshName();
        for (String version : versions) {
            goldenPaths.register(ADMIN, new GoldenPathVersion(name, version, "v" + version, GoldenPathDrafts.SCHEMA,
                    GoldenPathDrafts.TEMPLATE, "Deployment", false, false, null, null));
        }
        return name;
    }

    private ProblemException refused(String name, String version) {
        return assertThrows(ProblemException.class, () -> goldenPaths.resolve(name, version, "/deployment"));
    }

    private static List<String> pointers(ProblemException problem) {
        return problem.errors().stream().map(Violation::pointer).toList();
    }

    @Test
    void latestIsTheHighestVersionNumber() {
        String name = registered("1.9.0", "1.10.0", "1.2.0");
        assertEquals("1.10.0", goldenPaths.resolve(name, null, "").version());
        assertEquals(List.of("1.10.0", "1.9.0", "1.2.0"), goldenPaths.get(name).versions().stream()
                .map(GoldenPathVersion::version).toList());
        assertEquals("1.9.0", goldenPaths.resolve(name, "1.9.0", "").version());
    }

    @Test
    void deprecatedVersionIsSkippedRefusedWhenNamedAndStillExact() {
        String name = registered("1.9.0", "1.10.0");
        goldenPaths.deprecate(ADMIN, name, "1.10.0");

        assertEquals("1.9.0", goldenPaths.resolve(name, null, "/deployment").version());
        ProblemException named = refused(name, "1.10.0");
        assertEquals(422, named.status());
        assertEquals("GOLDEN_PATH_VERSION_DEPRECATED", named.code());
        assertEquals(List.of("/deployment/goldenPathVersion"), pointers(named));
        assertTrue(named.errors().get(0).message().contains("1.9.0"), named.errors().toString());

        GoldenPathVersion kept = goldenPaths.exact(name, "1.10.0");
        assertTrue(kept.deprecated());
        assertEquals(GoldenPathDrafts.TEMPLATE, kept.template());

        goldenPaths.deprecate(ADMIN, name, "1.9.0");
        ProblemException none = refused(name, null);
        assertEquals("GOLDEN_PATH_VERSION_DEPRECATED", none.code());
        assertEquals(List.of("/deployment/goldenPath"), pointers(none));
    }

    @Test
    void versionsRegisteredOrDeprecatedHereCountAtOnce() {
        String name = registered("1.0.0");
        assertEquals("1.0.0", goldenPaths.resolve(name, null, "").version());

        goldenPaths.register(ADMIN, new GoldenPathVersion(name, "1.1.0", "", GoldenPathDrafts.SCHEMA,
                GoldenPathDrafts.TEMPLATE, "Deployment", false, false, null, null));
        assertEquals("1.1.0", goldenPaths.resolve(name, null, "").version());

        goldenPaths.deprecate(ADMIN, name, "1.1.0");
        assertEquals("1.0.0", goldenPaths.resolve(name, null, "").version());
        assertEquals("GOLDEN_PATH_VERSION_DEPRECATED", refused(name, "1.1.0").code());
    }

    @Test
    void anotherReplicaSeesADeprecationOnceWhatItReadIsOlderThanItsCacheTime() throws InterruptedException {
        String name = registered("1.0.0", "1.1.0");
        GoldenPaths keepsLong = replica(Duration.ofHours(1));
        GoldenPaths keepsBriefly = replica(Duration.ofMillis(200));
        assertEquals("1.1.0", keepsLong.resolve(name, null, "").version());
        assertEquals("1.1.0", keepsBriefly.resolve(name, null, "").version());

        goldenPaths.deprecate(ADMIN, name, "1.1.0");
        assertEquals("1.1.0", keepsLong.resolve(name, null, "").version());
        Thread.sleep(200);
        assertEquals("1.0.0", keepsBriefly.resolve(name, null, "").version());
        ProblemException named = assertThrows(ProblemException.class, () -> keepsBriefly.resolve(name, "1.1.0", ""));
        assertEquals("GOLDEN_PATH_VERSION_DEPRECATED", named.code());
    }

    @Test
    void aGoldenPathRegisteredElsewhereIsFoundAtOnce() {
        String name = GoldenPathDrafts.freshName();
        GoldenPaths keepsLong = replica(Duration.ofHours(1));
        assertEquals("UNKNOWN_GOLDEN_PATH", assertThrows(ProblemException.class,
                () -> keepsLong.resolve(name, null, "")).code());

        goldenPaths.register(ADMIN, new GoldenPathVersion(name, "1.0.0", "", GoldenPathDrafts.SCHEMA,
                GoldenPathDrafts.TEMPLATE, "Deployment", false, false, null, null));
        assertEquals("1.0.0", keepsLong.resolve(name, null, "").version());
    }

    @Test
    void unknownGoldenPathOrVersionIsAProblemAtItsPointer() {
        String name = registered("1.0.0");
        ProblemException path = refused("no-such-path", null);
        assertEquals(422, path.status());
        assertEquals("UNKNOWN_GOLDEN_PATH", path.code());
        assertEquals(List.of("/deployment/goldenPath"), pointers(path));

        ProblemException version = refused(name, "2.0.0");
        assertEquals("UNKNOWN_GOLDEN_PATH_VERSION", version.code());
        assertEquals(List.of("/deployment/goldenPathVersion"), pointers(version));
    }

    @Test
    void nonAdminsCannotRegister() {
        Caller member = new Caller("dev", Set.of("platform"), Set.of(), Set.of());
        ProblemException problem = assertThrows(ProblemException.class, () -> goldenPaths.register(member,
                new GoldenPathVersion(GoldenPathDrafts.freshName(), "1.0.0", "", GoldenPathDrafts.SCHEMA,
                        GoldenPathDrafts.TEMPLATE, "Deployment", false, false, null, null)));
        assertEquals(403, problem.status());
        assertEquals("ADMIN_REQUIRED", problem.code());
    }
}
