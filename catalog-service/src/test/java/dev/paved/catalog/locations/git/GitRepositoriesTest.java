package dev.paved.catalog.locations.git;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;

import jakarta.inject.Inject;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.HttpConfig;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.Test;

import dev.paved.testing.OidcTestResource;
import dev.paved.testing.PostgresTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = PostgresTestResource.class, restrictToAnnotatedClass = false)
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
class GitRepositoriesTest {

    @Inject
    GitRepositories repositories;

    @Test
    void aFetchedRepositoryIsReadWithoutFollowingRedirects() throws Exception {
        Path root = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "paved-git-");
        Path work = root.resolve("work");
        try (Git git = Git.init().setInitialBranch("main").setDirectory(work.toFile()).call()) {
            Files.writeString(work.resolve("catalog-info.yaml"), "kind: Component\n");
            git.add().addFilepattern("catalog-info.yaml").call();
            git.commit().setMessage("first").setAuthor("test", "test@example.com")
                    .setCommitter("test", "test@example.com").call();
        }

        GitCommit fetched = repositories.fetch("file://" + work.resolve(".git").toAbsolutePath(), "main");

        try (Repository cached = new FileRepositoryBuilder().setGitDir(fetched.directory().toFile()).setBare()
                .build()) {
            // What JGit's HTTP transport reads for a fetch through this repository, from any host.
            assertEquals(HttpConfig.HttpRedirectMode.FALSE, new HttpConfig(cached.getConfig(),
                    new URIish("https://git.example.com/acme/shop")).getFollowRedirects());
        }
    }
}
