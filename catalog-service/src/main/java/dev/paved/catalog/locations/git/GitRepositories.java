package dev.paved.catalog.locations.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectLoader;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

import dev.paved.catalog.locations.config.LocationsConfig;
import dev.paved.catalog.locations.domain.Glob;

/**
 * Reads files of a Git repository at the tip of a branch or tag, with Eclipse JGit. Each repository
 * is fetched into a bare repository of its own under the cache directory, only the commit asked for
 * (depth 1) and only when the cache does not hold it yet; files are read from the commit's tree,
 * never checked out. One fetch per repository runs at a time in this process.
 */
@ApplicationScoped
public class GitRepositories {

    private final LocationsConfig config;
    private final ConcurrentMap<Path, Object> fetchLocks = new ConcurrentHashMap<>();

    public GitRepositories(LocationsConfig config) {
        this.config = config;
    }

    /**
     * Resolves the ref on the remote and fetches its commit unless the cache holds it. Both go through
     * the cached repository, whose configuration does not follow HTTP redirects: a host the catalog
     * may read must not send it on to one it may not (see {@code AllowedTargets}).
     */
    public GitCommit fetch(String repositoryUrl, String ref) throws GitReadFailed {
        Path directory = cacheDirectory(repositoryUrl);
        int timeout = (int) Math.max(1, config.gitTimeout().toSeconds());
        long limit = config.maxFetchSize().asLongValue();
        BoundedHttpConnections connections = new BoundedHttpConnections(limit);
        TransportConfigCallback bounded = transport -> {
            if (transport instanceof TransportHttp http) {
                http.setHttpConnectionFactory(connections);
            }
        };
        synchronized (fetchLocks.computeIfAbsent(directory, key -> new Object())) {
            try (Repository repository = open(directory)) {
                refuseRedirects(repository);
                Ref remote = remoteRef(repository, repositoryUrl, ref, timeout, bounded, limit);
                ObjectId tip = remote.getPeeledObjectId() != null ? remote.getPeeledObjectId() : remote.getObjectId();
                if (!repository.getObjectDatabase().has(tip)) {
                    try (Git git = Git.wrap(repository)) {
                        git.fetch().setRemote(repositoryUrl).setTimeout(timeout).setDepth(1)
                                .setTransportConfigCallback(bounded)
                                .setRefSpecs(new RefSpec("+" + remote.getName() + ":" + remote.getName())).call();
                    }
                }
                if (!repository.getObjectDatabase().has(tip)) {
                    throw new GitReadFailed("FETCH_FAILED", "Fetching " + ref + " from " + repositoryUrl
                            + " did not bring its commit " + tip.name() + ".");
                }
                return new GitCommit(directory, tip.name());
            } catch (GitAPIException | IOException | RuntimeException e) {
                throw failed(repositoryUrl, "Fetching " + ref + " from " + repositoryUrl + " failed: ", e, limit);
            }
        }
    }

    /** The remote's branch or tag {@code ref}, as it is now. */
    private static Ref remoteRef(Repository repository, String repositoryUrl, String ref, int timeout,
            TransportConfigCallback bounded, long limit) throws GitReadFailed {
        Collection<Ref> remoteRefs;
        try (Git git = Git.wrap(repository)) {
            remoteRefs = git.lsRemote().setRemote(repositoryUrl).setTimeout(timeout).setTransportConfigCallback(bounded)
                    .call();
        } catch (GitAPIException | RuntimeException e) {
            throw failed(repositoryUrl, "The repository " + repositoryUrl + " cannot be read: ", e, limit);
        }
        return find(remoteRefs, Constants.R_HEADS + ref)
                .or(() -> find(remoteRefs, Constants.R_TAGS + ref))
                .orElseThrow(() -> new GitReadFailed("REF_NOT_FOUND", "The repository " + repositoryUrl
                        + " has no branch or tag " + ref + "."));
    }

    /**
     * FETCH_TOO_LARGE when the repository sent more than the limit, else FETCH_FAILED with the reason
     * an answer was refused or JGit's.
     */
    private static GitReadFailed failed(String repositoryUrl, String failure, Exception e, long limit) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BoundedHttpConnections.TooLarge) {
                return new GitReadFailed("FETCH_TOO_LARGE", repositoryUrl + " sent more than " + limit
                        + " bytes for one sync; at most paved.catalog.locations.max-fetch-size are fetched.");
            }
            if (cause instanceof BoundedHttpConnections.Refused refused) {
                return new GitReadFailed("FETCH_FAILED", failure + refused.getMessage());
            }
        }
        return new GitReadFailed("FETCH_FAILED", failure + e.getMessage());
    }

    /** The paths of the commit's files that the glob matches, in tree order. */
    public List<String> list(GitCommit commit, Glob glob) throws GitReadFailed {
        try (Repository repository = open(commit.directory()); RevWalk walk = new RevWalk(repository);
                TreeWalk tree = new TreeWalk(repository)) {
            RevCommit revision = walk.parseCommit(ObjectId.fromString(commit.id()));
            tree.addTree(revision.getTree());
            tree.setRecursive(true);
            if (!glob.fixedDirectory().isEmpty()) {
                tree.setFilter(PathFilter.create(glob.fixedDirectory()));
            }
            List<String> paths = new ArrayList<>();
            while (tree.next()) {
                if (glob.matches(tree.getPathString())) {
                    paths.add(tree.getPathString());
                }
            }
            return paths;
        } catch (IOException e) {
            throw new GitReadFailed("FETCH_FAILED", "The commit " + commit.id() + " cannot be read: " + e.getMessage());
        }
    }

    /** One file of the commit; empty when there is no file at that path. */
    public Optional<String> read(GitCommit commit, String path) throws GitReadFailed {
        try (Repository repository = open(commit.directory()); RevWalk walk = new RevWalk(repository)) {
            RevCommit revision = walk.parseCommit(ObjectId.fromString(commit.id()));
            try (TreeWalk tree = TreeWalk.forPath(repository, path, revision.getTree())) {
                if (tree == null || tree.isSubtree()) {
                    return Optional.empty();
                }
                ObjectLoader loader = repository.open(tree.getObjectId(0));
                long limit = config.maxFileSize().asLongValue();
                if (loader.getSize() > limit) {
                    throw new GitReadFailed("FILE_TOO_LARGE", path + " is " + loader.getSize()
                            + " bytes; files of at most " + limit + " bytes are read.");
                }
                return Optional.of(new String(loader.getBytes(), StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new GitReadFailed("FETCH_FAILED", path + " cannot be read at " + commit.id() + ": " + e.getMessage());
        }
    }

    private static Optional<Ref> find(Collection<Ref> refs, String name) {
        return refs.stream().filter(ref -> ref.getName().equals(name)).findFirst();
    }

    private static Repository open(Path directory) throws IOException {
        Repository repository = new FileRepositoryBuilder().setGitDir(directory.toFile()).setBare().build();
        if (!repository.getObjectDatabase().exists()) {
            Files.createDirectories(directory);
            repository.create(true);
        }
        return repository;
    }

    /** JGit follows redirects of a repository's first request unless its configuration says otherwise. */
    private static void refuseRedirects(Repository repository) throws IOException {
        StoredConfig settings = repository.getConfig();
        if (!"false".equals(settings.getString("http", null, "followRedirects"))) {
            settings.setString("http", null, "followRedirects", "false");
            settings.save();
        }
    }

    private Path cacheDirectory(String repositoryUrl) {
        Path root = config.cacheDir().orElse(Path.of(System.getProperty("java.io.tmpdir"), "paved-catalog-git"));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(repositoryUrl.getBytes(StandardCharsets.UTF_8));
            return root.resolve(HexFormat.of().formatHex(digest, 0, 16) + ".git");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }
}
