package dev.paved.catalog.locations.git;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.TransportCommand;
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
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

import dev.paved.catalog.locations.config.LocationsConfig;
import dev.paved.catalog.locations.domain.Glob;

/**
 * Reads files of a Git repository at the tip of a branch or tag, with Eclipse JGit. Each repository
 * is fetched into a bare repository of its own in the cache ({@link GitCache}), only the commit asked
 * for (depth 1) and only when the cache does not hold it yet; files are read from the commit's tree,
 * never checked out. One fetch per repository runs at a time in this process.
 */
@ApplicationScoped
public class GitRepositories {

    private final LocationsConfig config;
    private final GitCache cache;

    public GitRepositories(LocationsConfig config) {
        this.config = config;
        this.cache = new GitCache(config.cacheDir().orElse(Path.of(System.getProperty("java.io.tmpdir"),
                "paved-catalog-git")), config.maxCacheSize().asLongValue(), config.maxFetchSize().asLongValue());
    }

    /**
     * Resolves the ref on the remote and fetches its commit unless the cache holds it, first making room
     * for the fetch. Both go through the cached repository, whose configuration does not follow HTTP
     * redirects: a host the catalog may read must not send it on to one it may not (see
     * {@code AllowedTargets}). The commit answered keeps its repository in the cache until it is closed.
     */
    public GitCommit fetch(String repositoryUrl, String ref) throws GitReadFailed {
        Path directory = cache.directoryOf(repositoryUrl);
        Remote remote = remote(repositoryUrl);
        ReentrantLock lock = cache.lockOf(directory);
        lock.lock();
        try {
            Ref tipRef;
            boolean held;
            try (Repository repository = open(directory)) {
                refuseRedirects(repository);
                tipRef = remoteRef(repository, remote, ref);
                held = repository.getObjectDatabase().has(tipOf(tipRef));
            }
            ObjectId tip = tipOf(tipRef);
            if (!held) {
                cache.makeRoom();
                try (Repository repository = open(directory); Git git = Git.wrap(repository)) {
                    refuseRedirects(repository);
                    remote.configure(git.fetch().setRemote(repositoryUrl)).setDepth(1)
                            .setRefSpecs(new RefSpec("+" + tipRef.getName() + ":" + tipRef.getName())).call();
                    if (!repository.getObjectDatabase().has(tip)) {
                        throw new GitReadFailed("FETCH_FAILED", "Fetching " + ref + " from " + repositoryUrl
                                + " did not bring its commit " + tip.name() + ".");
                    }
                } finally {
                    cache.fetched(directory);
                }
            }
            return cache.open(directory, tip.name());
        } catch (GitAPIException | IOException | RuntimeException e) {
            throw remote.failed("Fetching " + ref + " from " + repositoryUrl + " failed: ", e);
        } finally {
            lock.unlock();
        }
    }

    private static ObjectId tipOf(Ref ref) {
        return ref.getPeeledObjectId() != null ? ref.getPeeledObjectId() : ref.getObjectId();
    }

    /** The remote's branch or tag {@code ref}, as it is now. */
    private static Ref remoteRef(Repository repository, Remote remote, String ref) throws GitReadFailed {
        Collection<Ref> remoteRefs;
        try (Git git = Git.wrap(repository)) {
            remoteRefs = remote.configure(git.lsRemote().setRemote(remote.url())).call();
        } catch (GitAPIException | RuntimeException e) {
            throw remote.failed("The repository " + remote.url() + " cannot be read: ", e);
        }
        return find(remoteRefs, Constants.R_HEADS + ref)
                .or(() -> find(remoteRefs, Constants.R_TAGS + ref))
                .orElseThrow(() -> new GitReadFailed("REF_NOT_FOUND", "The repository " + remote.url()
                        + " has no branch or tag " + ref + "."));
    }

    /**
     * How one sync talks to a repository: its network operations' timeout, HTTP connections that read
     * at most the configured size between them (and, without a list of allowed hosts, only public
     * addresses), and the credential configured for its host, if any.
     */
    private Remote remote(String repositoryUrl) {
        long limit = config.maxFetchSize().asLongValue();
        GuardedHttpConnections connections = new GuardedHttpConnections(limit,
                config.allowedHosts().orElse(List.of()).isEmpty());
        TransportConfigCallback bounded = transport -> {
            if (transport instanceof TransportHttp http) {
                http.setHttpConnectionFactory(connections);
            }
        };
        return new Remote(repositoryUrl, (int) Math.max(1, config.gitTimeout().toSeconds()), bounded,
                credentialsFor(repositoryUrl), limit);
    }

    /**
     * The credential whose host is the URL's host, or its host and port; none for a URL without a host
     * ({@code file://}) or a host no credential names.
     */
    private HostCredentials credentialsFor(String repositoryUrl) {
        URIish uri;
        try {
            uri = new URIish(repositoryUrl);
        } catch (URISyntaxException e) {
            return new HostCredentials(null, null);
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(Locale.ROOT);
        String hostAndPort = uri.getPort() < 0 ? host : host + ":" + uri.getPort();
        return config.credentials().entrySet().stream()
                .filter(entry -> {
                    String named = entry.getValue().host().toLowerCase(Locale.ROOT);
                    return named.equals(host) || named.equals(hostAndPort);
                })
                .findFirst()
                .map(entry -> new HostCredentials(entry.getKey(), entry.getValue()))
                .orElseGet(() -> new HostCredentials(null, null));
    }

    private record Remote(String url, int timeoutSeconds, TransportConfigCallback bounded,
            HostCredentials credentials, long limit) {

        <C extends TransportCommand<C, ?>> C configure(C command) {
            return command.setTimeout(timeoutSeconds).setTransportConfigCallback(bounded)
                    .setCredentialsProvider(credentials);
        }

        /**
         * FETCH_TOO_LARGE when the repository sent more than the limit, else FETCH_FAILED with the reason:
         * an answer refused, a host that asked for credentials, or JGit's.
         */
        GitReadFailed failed(String failure, Exception e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof GuardedHttpConnections.TooLarge) {
                    return new GitReadFailed("FETCH_TOO_LARGE", url + " sent more than " + limit
                            + " bytes for one sync; at most paved.catalog.locations.max-fetch-size are fetched.");
                }
                if (cause instanceof GuardedHttpConnections.Refused refused) {
                    return new GitReadFailed("FETCH_FAILED", failure + refused.getMessage());
                }
            }
            if (credentials.asked()) {
                return new GitReadFailed("FETCH_FAILED", failure + (credentials.name() == null
                        ? "its host asks for credentials, and none is configured for it"
                                + " (paved.catalog.locations.credentials)."
                        : "its host refused the credential paved.catalog.locations.credentials."
                                + credentials.name() + "."));
            }
            return new GitReadFailed("FETCH_FAILED", failure + e.getMessage());
        }
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
}
