package dev.paved.e2e.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.RefSpec;

/**
 * A bare Git repository, as a Git server would hold it, for the catalog's file:// locations. main
 * holds catalog-info.yaml (the Component loc-app, titled "App v1", and a Location entity that names
 * more/catalog-info.yaml, the API loc-api); the branch next holds one more commit, where loc-app is
 * titled "App v2", for a test to move main to.
 */
record LocationRepository(Path bare, String nextCommit) {

    static LocationRepository create(Path root, String name, String namespace, String team) {
        Path bare = root.resolve(name + ".git");
        try (Git work = Git.init().setInitialBranch("main").setDirectory(Files.createTempDirectory(name).toFile())
                .call()) {
            Git.init().setBare(true).setInitialBranch("main").setGitDir(bare.toFile()).call().close();
            Path tree = work.getRepository().getWorkTree().toPath();
            write(tree.resolve("catalog-info.yaml"), app(namespace, team, "App v1") + """
                    ---
                    apiVersion: backstage.io/v1alpha1
                    kind: Location
                    metadata:
                      name: more
                      namespace: %s
                    spec:
                      targets: [./more/catalog-info.yaml]
                    """.formatted(namespace));
            write(tree.resolve("more/catalog-info.yaml"), """
                    apiVersion: backstage.io/v1alpha1
                    kind: API
                    metadata:
                      name: loc-api
                      namespace: %s
                    spec:
                      type: openapi
                      lifecycle: production
                      owner: %s
                      definition: "openapi: 3.0.0"
                    """.formatted(namespace, team));
            commit(work, "catalog files");
            push(work, bare, "main");
            work.checkout().setCreateBranch(true).setName("next").call();
            write(tree.resolve("catalog-info.yaml"), Files.readString(tree.resolve("catalog-info.yaml"))
                    .replace("App v1", "App v2"));
            RevCommit next = commit(work, "a new title");
            push(work, bare, "next");
            return new LocationRepository(bare, next.name());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GitAPIException e) {
            throw new IllegalStateException("the test's Git repository could not be made", e);
        }
    }

    /** The repository's file:// URL; a location target is {@code <url>/blob/main/<path or glob>}. */
    String url() {
        return "file://" + bare.toAbsolutePath();
    }

    private static String app(String namespace, String team, String title) {
        return """
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: loc-app
                  namespace: %s
                  title: %s
                spec:
                  type: service
                  lifecycle: production
                  owner: %s
                """.formatted(namespace, title, team);
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }

    private static RevCommit commit(Git work, String message) throws GitAPIException {
        work.add().addFilepattern(".").call();
        return work.commit().setMessage(message).setAuthor("test", "test@example.com")
                .setCommitter("test", "test@example.com").call();
    }

    private static void push(Git work, Path bare, String branch) throws GitAPIException {
        work.push().setRemote("file://" + bare.toAbsolutePath())
                .setRefSpecs(new RefSpec("refs/heads/" + branch + ":refs/heads/" + branch)).call();
    }
}
