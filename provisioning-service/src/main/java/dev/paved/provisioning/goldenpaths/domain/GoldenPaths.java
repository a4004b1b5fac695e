package dev.paved.provisioning.goldenpaths.domain;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;

import jakarta.enterprise.context.ApplicationScoped;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.UnstorableCharacters;
import dev.paved.common.problem.Violation;
import dev.paved.common.security.Caller;
import dev.paved.provisioning.goldenpaths.catalog.TemplatePublisher;
import dev.paved.provisioning.goldenpaths.config.GoldenPathsConfig;
import dev.paved.provisioning.goldenpaths.persistence.GoldenPathStore;

/**
 * The golden paths: everyone signed in reads them, platform admins register and deprecate
 * versions, and deployments resolve the version they render with. A stored version never
 * changes, except that it may become deprecated: new deployments cannot name it, revisions made
 * with it keep rendering with it.
 * <p>
 * Deployments resolve their version from the versions this replica read last, for at most the
 * configured time ({@code version-cache-ttl}): a deployment then costs no database read for its
 * golden path. Registering or deprecating here forgets what was read at once.
 */
@ApplicationScoped
public class GoldenPaths {

    private final GoldenPathStore store;
    private final GoldenPathValidator validator;
    private final TemplatePublisher publisher;
    private final String defaultGoldenPath;
    private final long cacheTtlNanos;
    private final ConcurrentMap<String, ReadVersions> recentlyRead = new ConcurrentHashMap<>();
    /** Counts the changes made through this replica, so that a read that overlaps one is not kept. */
    private final AtomicLong changes = new AtomicLong();

    public GoldenPaths(GoldenPathStore store, GoldenPathValidator validator, TemplatePublisher publisher,
            GoldenPathsConfig config) {
        this.store = store;
        this.validator = validator;
        this.publisher = publisher;
        this.defaultGoldenPath = config.defaultGoldenPath();
        this.cacheTtlNanos = config.versionCacheTtl().toNanos();
    }

    /** A golden path's versions, newest first, as read at {@code readAt} ({@link System#nanoTime()}). */
    private record ReadVersions(List<GoldenPathVersion> versions, long readAt) {
    }

    public List<GoldenPath> list() {
        Map<String, List<GoldenPathVersion>> byName = new LinkedHashMap<>();
        for (GoldenPathVersion version : store.all()) {
            byName.computeIfAbsent(version.name(), name -> new ArrayList<>()).add(version);
        }
        return byName.entrySet().stream().map(entry -> new GoldenPath(entry.getKey(), entry.getValue())).toList();
    }

    public GoldenPath get(String name) {
        List<GoldenPathVersion> versions = UnstorableCharacters.in(name) ? List.of() : store.versionsOf(name);
        if (versions.isEmpty()) {
            throw ProblemException.notFound("GOLDEN_PATH_NOT_FOUND", "There is no golden path '" + name + "'.");
        }
        return new GoldenPath(name, versions);
    }

    public GoldenPathVersion version(String name, String version) {
        Optional<GoldenPathVersion> found = namesNone(name, version) ? Optional.empty() : store.find(name, version);
        return found.orElseThrow(() -> ProblemException.notFound("GOLDEN_PATH_VERSION_NOT_FOUND",
                "Golden path '" + name + "' has no version '" + version + "'."));
    }

    /** Text PostgreSQL cannot store (a NUL, a lone surrogate) names no golden path or version; it cannot even be compared. */
    private static boolean namesNone(String name, String version) {
        return UnstorableCharacters.in(name) || UnstorableCharacters.in(version);
    }

    /**
     * The version a new deployment renders with. {@code name} null takes the configured default
     * golden path, {@code version} null its latest version that is not deprecated. Violations point
     * at {@code pointerPrefix + "/goldenPath"} and {@code pointerPrefix + "/goldenPathVersion"}.
     */
    public GoldenPathVersion resolve(String name, String version, String pointerPrefix) {
        String pathName = name == null ? defaultGoldenPath : name;
        List<GoldenPathVersion> versions = recentVersionsOf(pathName);
        if (versions.isEmpty()) {
            throw ProblemException.invalid("UNKNOWN_GOLDEN_PATH", "There is no golden path '" + pathName + "'.",
                    List.of(Violation.at(pointerPrefix + "/goldenPath", "is not a golden path")));
        }
        GoldenPath goldenPath = new GoldenPath(pathName, versions);
        if (version == null) {
            return goldenPath.latest().orElseThrow(() -> ProblemException.invalid("GOLDEN_PATH_VERSION_DEPRECATED",
                    "Every version of golden path '" + pathName + "' is deprecated.",
                    List.of(Violation.at(pointerPrefix + "/goldenPath", "has no version that is not deprecated"))));
        }
        GoldenPathVersion named = versions.stream().filter(candidate -> candidate.version().equals(version))
                .findFirst()
                .orElseThrow(() -> ProblemException.invalid("UNKNOWN_GOLDEN_PATH_VERSION",
                        "Golden path '" + pathName + "' has no version '" + version + "'.",
                        List.of(Violation.at(pointerPrefix + "/goldenPathVersion",
                                "is not a version of golden path '" + pathName + "'"))));
        if (named.deprecated()) {
            throw ProblemException.invalid("GOLDEN_PATH_VERSION_DEPRECATED",
                    "Version " + version + " of golden path '" + pathName + "' is deprecated.",
                    List.of(Violation.at(pointerPrefix + "/goldenPathVersion", "is deprecated"
                            + goldenPath.latest().map(latest -> "; the latest is " + latest.version()).orElse(""))));
        }
        return named;
    }

    /** The version a revision was made with, deprecated or not: revisions keep rendering with it. */
    public GoldenPathVersion exact(String name, String version) {
        return version(name, version);
    }

    /**
     * Stores a new version (immutable from then on) and publishes the golden path to the catalog on
     * behalf of the admin. Only {@code name}, {@code version}, {@code description},
     * {@code parametersSchema}, {@code template} and {@code workloadKind} of the draft are taken. A
     * version is refused, before it is stored, when the catalog refuses the Template it would publish;
     * a version that exists is refused as such before the catalog is asked.
     */
    public GoldenPathVersion register(Caller caller, GoldenPathVersion draft) {
        requireAdmin(caller);
        validator.check(draft);
        GoldenPathVersion version = new GoldenPathVersion(draft.name(), draft.version(),
                draft.description() == null ? "" : draft.description(), draft.parametersSchema(), draft.template(),
                draft.workloadKind(), false, false, caller.subject(), Instant.now());
        if (store.find(version.name(), version.version()).isPresent()) {
            throw versionExists(version);
        }
        publisher.checkPublishable(version);
        // A registration of the same version may have come in meanwhile.
        if (!store.insertIfMissing(version)) {
            throw versionExists(version);
        }
        forget(version.name());
        publisher.publishAsCaller(get(version.name()));
        return version(version.name(), version.version());
    }

    private static ProblemException versionExists(GoldenPathVersion version) {
        return ProblemException.conflict("GOLDEN_PATH_VERSION_EXISTS", "Golden path '" + version.name()
                + "' already has version " + version.version() + "; versions are immutable, register a new one.");
    }

    /** Deprecating a deprecated version again changes nothing and answers it as it is. */
    public GoldenPathVersion deprecate(Caller caller, String name, String version) {
        requireAdmin(caller);
        if (namesNone(name, version) || !store.deprecate(name, version)) {
            throw ProblemException.notFound("GOLDEN_PATH_VERSION_NOT_FOUND",
                    "Golden path '" + name + "' has no version '" + version + "'.");
        }
        forget(name);
        publisher.publishAsCaller(get(name));
        return version(name, version);
    }

    /**
     * The versions as read within the cache's time, else as stored now. A golden path without
     * versions is not kept, so one registered elsewhere is found at once.
     */
    private List<GoldenPathVersion> recentVersionsOf(String name) {
        long now = System.nanoTime();
        ReadVersions read = recentlyRead.get(name);
        if (read != null && now - read.readAt() < cacheTtlNanos) {
            return read.versions();
        }
        long changesBefore = changes.get();
        List<GoldenPathVersion> versions = store.versionsOf(name);
        if (!versions.isEmpty()) {
            recentlyRead.put(name, new ReadVersions(versions, now));
            // A change made here while this read ran may not be in it.
            if (changes.get() != changesBefore) {
                recentlyRead.remove(name);
            }
        }
        return versions;
    }

    /** After a change made here, which is stored already: the next deployment reads the versions anew. */
    private void forget(String name) {
        changes.incrementAndGet();
        recentlyRead.remove(name);
    }

    private static void requireAdmin(Caller caller) {
        if (!caller.isPlatformAdmin()) {
            throw ProblemException.forbidden("ADMIN_REQUIRED",
                    "Only platform admins register and deprecate golden path versions.");
        }
    }
}
