package dev.paved.catalog.locations.git;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.paved.catalog.locations.config.LocationsConfig;
import dev.paved.testing.ConfigMappings;

/** Fetches over Git's smart HTTP protocol, as from a Git host: within the configured size, with its credentials. */
class GitRepositoriesHttpTest {

    private static final String DESCRIPTOR = "apiVersion: backstage.io/v1alpha1\nkind: Component\n";

    @TempDir
    Path temporary;

    private GitRepositories repositories;

    @BeforeEach
    void repositoriesFetchingAtMost64KiB() {
        repositories = repositories(Map.of());
    }

    /** Repositories that read the test's Git host on 127.0.0.1, which only a list of allowed hosts lets them. */
    private GitRepositories repositories(Map<String, String> more) {
        Map<String, String> properties = new HashMap<>(more);
        properties.put("paved.catalog.locations.cache-dir", temporary.resolve("cache").toString());
        properties.put("paved.catalog.locations.max-fetch-size", "64K");
        properties.putIfAbsent("paved.catalog.locations.allowed-hosts", "127.0.0.1");
        return new GitRepositories(ConfigMappings.of(LocationsConfig.class, properties));
    }

    @Test
    void aRepositoryWithinTheLimitIsFetchedAndRead() throws Exception {
        Path repository = repository(0);
        try (SmartHttpGitServer host = SmartHttpGitServer.serving(repository)) {
            GitCommit commit = repositories.fetch(host.url(), "main");

            assertEquals(Optional.of(DESCRIPTOR), repositories.read(commit, "catalog-info.yaml"));
        }
    }

    @Test
    void aRepositoryThatSendsMoreThanTheLimitFailsWithoutLeavingItsObjects() throws Exception {
        Path repository = repository(256 * 1024);
        try (SmartHttpGitServer host = SmartHttpGitServer.serving(repository)) {
            GitReadFailed failed = assertThrows(GitReadFailed.class, () -> repositories.fetch(host.url(), "main"));

            assertEquals("FETCH_TOO_LARGE", failed.code());
            assertEquals(host.url() + " sent more than 65536 bytes for one sync; at most"
                    + " paved.catalog.locations.max-fetch-size are fetched.", failed.getMessage());
            try (Stream<Path> cached = Files.walk(temporary.resolve("cache"))) {
                long kept = cached.filter(Files::isRegularFile).mapToLong(GitRepositoriesHttpTest::size).sum();
                assertTrue(kept < 64 * 1024, "the cache kept " + kept + " bytes of a fetch that failed");
            }
        }
    }

    @Test
    void anAnswerCompressedWithoutBeingAskedIsRefused() throws Exception {
        Path repository = repository(0);
        try (SmartHttpGitServer host = SmartHttpGitServer.compressingEverything(repository)) {
            GitReadFailed failed = assertThrows(GitReadFailed.class, () -> repositories.fetch(host.url(), "main"));

            assertEquals("FETCH_FAILED", failed.code());
            assertTrue(failed.getMessage().contains("answered with Content-Encoding gzip, which was not asked for"),
                    failed.getMessage());
        }
    }

    @Test
    void aPrivateRepositoryIsFetchedWithTheTokenConfiguredForItsHost() throws Exception {
        Path repository = repository(0);
        try (SmartHttpGitServer host = SmartHttpGitServer.requiring(repository, "x-access-token", "s3cret")) {
            GitRepositories withToken = repositories(Map.of(
                    "paved.catalog.locations.credentials.local.host", "127.0.0.1",
                    "paved.catalog.locations.credentials.local.token", "s3cret"));

            GitCommit commit = withToken.fetch(host.url(), "main");

            assertEquals(Optional.of(DESCRIPTOR), withToken.read(commit, "catalog-info.yaml"));
        }
    }

    @Test
    void aTokenIsSentToItsHostOnlyAndNeverShown() throws Exception {
        Path repository = repository(0);
        try (SmartHttpGitServer host = SmartHttpGitServer.requiring(repository, "x-access-token", "s3cret")) {
            GitRepositories otherHostsToken = repositories(Map.of(
                    "paved.catalog.locations.credentials.github.host", "github.com",
                    "paved.catalog.locations.credentials.github.token", "s3cret",
                    "paved.catalog.locations.credentials.wrong-port.host", "127.0.0.1:1",
                    "paved.catalog.locations.credentials.wrong-port.token", "s3cret"));

            GitReadFailed failed = assertThrows(GitReadFailed.class, () -> otherHostsToken.fetch(host.url(), "main"));

            assertEquals("FETCH_FAILED", failed.code());
            assertEquals("The repository " + host.url() + " cannot be read: its host asks for credentials, and"
                    + " none is configured for it (paved.catalog.locations.credentials).", failed.getMessage());
            assertEquals(List.of(), host.authorizations());
        }
    }

    @Test
    void aWrongTokenFailsTheFetchWithoutShowingIt() throws Exception {
        Path repository = repository(0);
        try (SmartHttpGitServer host = SmartHttpGitServer.requiring(repository, "x-access-token", "s3cret")) {
            GitRepositories wrongToken = repositories(Map.of(
                    "paved.catalog.locations.credentials.local.host", "127.0.0.1",
                    "paved.catalog.locations.credentials.local.token", "expired"));

            GitReadFailed failed = assertThrows(GitReadFailed.class, () -> wrongToken.fetch(host.url(), "main"));

            assertEquals("FETCH_FAILED", failed.code());
            assertEquals("The repository " + host.url() + " cannot be read: its host refused the credential"
                    + " paved.catalog.locations.credentials.local.", failed.getMessage());
        }
    }

    @Test
    void withoutAllowedHostsNoConnectionIsOpenedToAnAddressThatIsNotPublic() throws Exception {
        Path repository = repository(0);
        try (SmartHttpGitServer host = SmartHttpGitServer.serving(repository)) {
            GitRepositories publicOnly = repositories(Map.of("paved.catalog.locations.allowed-hosts", ""));

            GitReadFailed failed = assertThrows(GitReadFailed.class, () -> publicOnly.fetch(host.url(), "main"));

            assertEquals("FETCH_FAILED", failed.code());
            assertEquals("The repository " + host.url() + " cannot be read: its host 127.0.0.1 resolves to 127.0.0.1,"
                    + " which is not public; the catalog reads such a host only when"
                    + " paved.catalog.locations.allowed-hosts lists it", failed.getMessage());
            assertEquals(0, host.requests());
        }
    }

    /** A repository with a descriptor and, when {@code extraBytes} > 0, a file of that many random bytes. */
    private Path repository(int extraBytes) throws IOException, GitAPIException {
        Path work = temporary.resolve("work");
        try (Git git = Git.init().setInitialBranch("main").setDirectory(work.toFile()).call()) {
            Files.writeString(work.resolve("catalog-info.yaml"), DESCRIPTOR);
            if (extraBytes > 0) {
                byte[] noise = new byte[extraBytes];
                new Random(7).nextBytes(noise);
                Files.write(work.resolve("assets.bin"), noise);
            }
            git.add().addFilepattern(".").call();
            git.commit().setMessage("first").setAuthor("test", "test@example.com")
                    .setCommitter("test", "test@example.com").call();
        }
        return work.resolve(".git");
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException gone) {
            return 0;
        }
    }
}
