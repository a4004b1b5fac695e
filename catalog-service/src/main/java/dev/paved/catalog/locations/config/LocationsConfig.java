package dev.paved.catalog.locations.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Git locations: where repositories are cached, how often they are synced, and what a location may read. */
@ConfigMapping(prefix = "paved.catalog.locations")
public interface LocationsConfig {

    /** How long after a sync a location is synced again. */
    @WithDefault("5M")
    Duration syncInterval();

    /** How often each replica looks for locations that are due ({@code off} stops scheduled syncs). */
    @WithDefault("10S")
    String pollInterval();

    /** How long a replica's claim on a location lasts; a sync that takes longer loses it and writes nothing. */
    @WithDefault("10M")
    Duration claimLease();

    /** Where fetched repositories are kept, one bare repository each; the system's temporary directory when absent. */
    Optional<Path> cacheDir();

    /**
     * The most the cache directory holds: before a fetch, the least recently used repositories are removed
     * until the rest and one more fetch ({@code max-fetch-size}) fit. Repositories a sync is reading stay.
     */
    @WithDefault("192M")
    MemorySize maxCacheSize();

    /** How long one Git network operation may take. */
    @WithDefault("60S")
    Duration gitTimeout();

    /**
     * The directories under which {@code file://} repositories may be registered. Without any, the
     * {@code file} scheme is refused: it reads from the catalog's own disk.
     */
    Optional<List<Path>> fileRoots();

    /**
     * The hosts {@code https} locations may name. When absent, any host whose addresses are all public
     * (not loopback, private, link-local, shared or multicast).
     */
    Optional<List<String>> allowedHosts();

    /**
     * Credentials for private repositories, by a name of your choosing
     * ({@code paved.catalog.locations.credentials.github.host=github.com}): each is sent to its host only,
     * and only when the host asks for one.
     */
    Map<String, GitCredential> credentials();

    /** How deep Location entities may lead to further targets. */
    @WithDefault("5")
    int maxDepth();

    /** The most files one sync reads, over every target it reaches. */
    @WithDefault("1000")
    int maxFiles();

    /**
     * The most one sync of an {@code https} repository downloads (its refs and the commit's objects):
     * a repository that sends more fails the sync with {@code FETCH_TOO_LARGE}, before more is stored.
     */
    @WithDefault("128M")
    MemorySize maxFetchSize();

    /** The largest file a sync reads. */
    @WithDefault("1M")
    MemorySize maxFileSize();

    /** A token for the repositories of one Git host. */
    interface GitCredential {

        /** The host, as locations name it; with a port ({@code git.example.com:8443}) only for that port. */
        String host();

        /** Sent with the token: GitHub takes {@code x-access-token}; GitLab and Bitbucket take any name. */
        @WithDefault("x-access-token")
        String username();

        /** A personal, app installation or deploy token with read access to the repositories. */
        String token();
    }
}
