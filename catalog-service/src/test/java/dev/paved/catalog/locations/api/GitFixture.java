package dev.paved.catalog.locations.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;

/**
 * A bare repository made by the test, as a Git server would hold it, and a working repository beside
 * it from which commits are pushed to its {@code main} branch.
 */
final class GitFixture {

    private final Path bare;
    private final Git work;

    private GitFixture(Path bare, Git work) {
        this.bare = bare;
        this.work = work;
    }

    /** A new bare repository under the directory the catalog reads file:// repositories from. */
    static GitFixture create(String name) {
        try {
            Path root = Files.createTempDirectory(Path.of(System.getProperty("java.io.tmpdir")), "paved-git-");
            Path bare = root.resolve(name + ".git");
            Git.init().setBare(true).setInitialBranch("main").setGitDir(bare.toFile()).call().close();
            Git work = Git.init().setInitialBranch("main").setDirectory(root.resolve("work").toFile()).call();
            return new GitFixture(bare, work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The location target of a path or glob on main. */
    String target(String path) {
        return url() + "/blob/main/" + path;
    }

    /** The repository's file:// URL. */
    String url() {
        return "file://" + bare.toAbsolutePath();
    }

    /**
     * Commits the files (path to content; null content deletes the file) and pushes main; answers the
     * commit's id.
     */
    String commit(Map<String, String> files) {
        try {
            Path directory = work.getRepository().getWorkTree().toPath();
            for (Map.Entry<String, String> file : files.entrySet()) {
                Path path = directory.resolve(file.getKey());
                if (file.getValue() == null) {
                    work.rm().addFilepattern(file.getKey()).call();
                } else {
                    Files.createDirectories(path.getParent());
                    Files.writeString(path, file.getValue(), StandardCharsets.UTF_8);
                    work.add().addFilepattern(file.getKey()).call();
                }
            }
            RevCommit commit = work.commit().setMessage("change " + files.keySet()).setAuthor("test", "test@example.com")
                    .setCommitter("test", "test@example.com").call();
            work.push().setRemote(url()).setRefSpecs(new RefSpec("refs/heads/main:refs/heads/main")).setForce(true)
                    .call();
            return commit.name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException(e);
        }
    }
}
