package dev.paved.catalog.locations.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.paved.catalog.locations.config.LocationsConfig;
import dev.paved.testing.ConfigMappings;

/**
 * The cache of fetched repositories stays within max-cache-size: before a fetch, the least recently
 * used repositories nobody reads are removed until the rest and one fetch (max-fetch-size) fit.
 */
class GitCacheTest {

    @TempDir
    Path temporary;

    private NoisyRemotes remotes;

    @BeforeEach
    void remotesUnderTheTemporaryDirectory() {
        remotes = new NoisyRemotes(temporary.resolve("remotes"));
    }

    @Test
    void theLeastRecentlyUsedRepositoryIsRemovedToMakeRoomForAFetch() throws Exception {
        // Room for one repository of one commit (40K) besides one fetch of 50K, not for two.
        GitRepositories repositories = repositories("120K");
        String first = remote("first");
        String second = remote("second");
        String third = remote("third");

        fetchAndClose(repositories, first);
        fetchAndClose(repositories, second);
        try (GitCommit commit = repositories.fetch(third, "main")) {
            assertEquals(Optional.of("third 1\n"), repositories.read(commit, "catalog-info.yaml"));
        }

        assertFalse(Files.exists(cached(first)), "the least recently used repository was removed");
        assertTrue(Files.exists(cached(second)));
        assertTrue(Files.exists(cached(third)));
        assertTrue(sizeOf(temporary.resolve("cache")) <= 120 * 1024, "the cache holds at most max-cache-size");

        // Removed is only forgotten: the next sync fetches it again, and the next oldest makes room.
        try (GitCommit commit = repositories.fetch(first, "main")) {
            assertEquals(Optional.of("first 1\n"), repositories.read(commit, "catalog-info.yaml"));
        }
        assertFalse(Files.exists(cached(second)));
    }

    @Test
    void afterARestartTheRepositoriesFetchedBeforeAreCountedAndRemovedLeastRecentlyUsedFirst() throws Exception {
        GitRepositories beforeRestart = repositories("120K");
        String first = remote("first");
        String second = remote("second");
        String third = remote("third");
        fetchAndClose(beforeRestart, first);
        fetchAndClose(beforeRestart, second);

        GitRepositories afterRestart = repositories("120K");
        fetchAndClose(afterRestart, third);

        assertFalse(Files.exists(cached(first)), "the repositories on disk were counted, the oldest removed");
        assertTrue(Files.exists(cached(second)));
        assertTrue(sizeOf(temporary.resolve("cache")) <= 120 * 1024, "the cache holds at most max-cache-size");
    }

    @Test
    void aRepositoryWhoseCommitASyncHoldsIsKept() throws Exception {
        GitRepositories repositories = repositories("120K");
        String first = remote("first");
        String second = remote("second");
        String third = remote("third");

        try (GitCommit held = repositories.fetch(first, "main")) {
            fetchAndClose(repositories, second);
            fetchAndClose(repositories, third);

            assertEquals(Optional.of("first 1\n"), repositories.read(held, "catalog-info.yaml"),
                    "the oldest repository is still being read, so it stays");
            assertFalse(Files.exists(cached(second)), "the oldest one nobody reads made room instead");
        }
    }

    @Test
    void aRepositoryThatOutgrewTheCacheIsFetchedAnewWithItsNewCommitOnly() throws Exception {
        // One repository of two commits (80K) and one fetch of 50K do not fit in 120K.
        GitRepositories repositories = repositories("120K");
        String remote = remote("shop");
        fetchAndClose(repositories, remote);
        String second = commit(remote, "shop 2");
        fetchAndClose(repositories, remote);
        commit(remote, "shop 3");

        try (GitCommit commit = repositories.fetch(remote, "main")) {
            assertEquals(Optional.of("shop 3\n"), repositories.read(commit, "catalog-info.yaml"));
        }

        try (Repository cached = new FileRepositoryBuilder().setGitDir(cached(remote).toFile()).setBare().build()) {
            assertFalse(cached.getObjectDatabase().has(ObjectId.fromString(second)),
                    "the commits fetched before went with the repository");
        }
    }

    private GitRepositories repositories(String maxCacheSize) {
        return new GitRepositories(ConfigMappings.of(LocationsConfig.class, Map.of(
                "paved.catalog.locations.cache-dir", temporary.resolve("cache").toString(),
                "paved.catalog.locations.max-cache-size", maxCacheSize,
                "paved.catalog.locations.max-fetch-size", "50K")));
    }

    private static void fetchAndClose(GitRepositories repositories, String remote) throws Exception {
        repositories.fetch(remote, "main").close();
        // Recency is kept to the millisecond: the next use must come later.
        Thread.sleep(20);
    }

    private Path cached(String remote) {
        return NoisyRemotes.cached(temporary.resolve("cache"), remote);
    }

    private String remote(String name) throws IOException, GitAPIException {
        return remotes.remote(name, name + " 1\n");
    }

    private String commit(String remote, String content) throws IOException, GitAPIException {
        return remotes.commit(remote, content + "\n");
    }

    private static long sizeOf(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> file.toFile().length()).sum();
        }
    }
}
