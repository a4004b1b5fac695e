package dev.paved.catalog.locations.git;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.revwalk.RevCommit;

/**
 * Repositories whose size is known: every commit writes {@code catalog-info.yaml} and a new file of
 * 40K that does not compress, so a repository fetched with one commit takes a little over 40K.
 */
public final class NoisyRemotes {

    public static final int FILE_BYTES = 40 * 1024;

    private final Path root;
    private final Random random = new Random(42);

    public NoisyRemotes(Path root) {
        this.root = root;
    }

    /** A repository whose one commit holds {@code catalog-info.yaml} with the content; answers its file:// URL. */
    public String remote(String name, String content) throws IOException, GitAPIException {
        Path work = root.resolve(name);
        Git.init().setInitialBranch("main").setDirectory(work.toFile()).call().close();
        String url = "file://" + work.resolve(".git").toAbsolutePath();
        commit(url, content);
        return url;
    }

    /** Commits a new content of catalog-info.yaml and a new incompressible file; answers the commit's id. */
    public String commit(String url, String content) throws IOException, GitAPIException {
        Path work = Path.of(url.substring("file://".length())).getParent();
        byte[] noise = new byte[FILE_BYTES];
        random.nextBytes(noise);
        Files.write(work.resolve("noise.bin"), noise);
        Files.writeString(work.resolve("catalog-info.yaml"), content);
        try (Git git = Git.open(work.toFile())) {
            git.add().addFilepattern(".").call();
            RevCommit commit = git.commit().setMessage("commit").setAuthor("test", "test@example.com")
                    .setCommitter("test", "test@example.com").call();
            return commit.name();
        }
    }

    /** Where a cache under {@code cacheRoot} keeps the repository of the URL. */
    public static Path cached(Path cacheRoot, String url) {
        return new GitCache(cacheRoot, 0, 0).directoryOf(url);
    }
}
