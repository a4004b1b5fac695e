package dev.paved.catalog.locations.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

import org.jboss.logging.Logger;

/**
 * The directory of fetched repositories, one bare repository per remote, kept within a size. Before a
 * fetch, the least recently used repositories are removed until what is left, with room for one more
 * fetch, fits; a repository whose commit a sync holds open is never removed, so the size can be passed
 * while syncs read more than it allows. A removed repository is fetched again when next needed.
 * The size and last use of every repository are kept in memory, read from the directory once (the
 * last use is each repository's modification time, which every use sets, so it outlives a restart):
 * making room walks no repository, however many locations the catalog has. The directory is this
 * process's own.
 */
final class GitCache {

    private static final Logger LOG = Logger.getLogger(GitCache.class);

    private final Path root;
    private final long maxSize;
    private final long fetchRoom;
    private final ConcurrentMap<Path, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final ConcurrentMap<Path, AtomicInteger> openCommits = new ConcurrentHashMap<>();
    private final ConcurrentMap<Path, Cached> known = new ConcurrentHashMap<>();
    private final Object removal = new Object();
    private boolean scanned;

    GitCache(Path root, long maxSize, long fetchRoom) {
        this.root = root;
        this.maxSize = maxSize;
        this.fetchRoom = fetchRoom;
    }

    /** The repository of a remote: the same directory for the same URL, across restarts too. */
    Path directoryOf(String repositoryUrl) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(repositoryUrl.getBytes(StandardCharsets.UTF_8));
            return root.resolve(HexFormat.of().formatHex(digest, 0, 16) + ".git");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    /** One fetch per repository at a time, and no removal while it runs. */
    ReentrantLock lockOf(Path directory) {
        return locks.computeIfAbsent(directory, key -> new ReentrantLock());
    }

    /**
     * Marks the repository used now and holds it until the answer is closed; the caller holds its lock,
     * so no removal can come in between.
     */
    GitCommit open(Path directory, String commitId) {
        long now = System.currentTimeMillis();
        try {
            Files.setLastModifiedTime(directory, FileTime.fromMillis(now));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        known.computeIfPresent(directory, (key, cached) -> new Cached(key, now, cached.size()));
        AtomicInteger holders = openCommits.computeIfAbsent(directory, key -> new AtomicInteger());
        holders.incrementAndGet();
        return new GitCommit(directory, commitId, holders::decrementAndGet);
    }

    /**
     * Removes the least recently used repositories that nobody holds (the one about to be fetched
     * included: fetched anew, it holds one commit instead of every one fetched before) until the
     * cache, with room for one fetch, fits its size. A repository being fetched by another sync is
     * skipped rather than waited for.
     */
    void makeRoom() throws IOException {
        synchronized (removal) {
            if (!scanned) {
                scan();
                scanned = true;
            }
            List<Cached> cached = new ArrayList<>(known.values());
            cached.sort(Comparator.comparingLong(Cached::lastUsed));
            long total = cached.stream().mapToLong(Cached::size).sum();
            for (Cached repository : cached) {
                if (total + fetchRoom <= maxSize) {
                    return;
                }
                if (remove(repository.directory())) {
                    known.remove(repository.directory());
                    total -= repository.size();
                }
            }
        }
    }

    /** Counts a repository after a fetch into it, successful or not: its size is what it now holds. */
    void fetched(Path directory) throws IOException {
        if (Files.isDirectory(directory)) {
            known.put(directory, new Cached(directory, System.currentTimeMillis(), sizeOf(directory)));
        }
    }

    private boolean remove(Path directory) throws IOException {
        ReentrantLock lock = lockOf(directory);
        if (!lock.tryLock()) {
            return false;
        }
        try {
            AtomicInteger holders = openCommits.get(directory);
            if (holders != null && holders.get() > 0) {
                return false;
            }
            deleteTree(directory);
            LOG.debugf("Removed the cached repository %s to keep the Git cache within %d bytes", directory, maxSize);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Reads the repositories already in the directory, fetched before this process started. */
    private void scan() throws IOException {
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> entries = Files.list(root)) {
            for (Path directory : entries.filter(path -> path.getFileName().toString().endsWith(".git")).toList()) {
                known.computeIfAbsent(directory, key -> {
                    try {
                        return new Cached(key, Files.getLastModifiedTime(key).toMillis(), sizeOf(key));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            }
        }
    }

    /** What a repository holds, in bytes. */
    private static long sizeOf(Path directory) throws IOException {
        long[] total = new long[1];
        Files.walkFileTree(directory, new PassingVanishedFiles() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) {
                if (attributes.isRegularFile()) {
                    total[0] += attributes.size();
                }
                return FileVisitResult.CONTINUE;
            }
        });
        return total[0];
    }

    private static void deleteTree(Path directory) throws IOException {
        Files.walkFileTree(directory, new PassingVanishedFiles() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path visited, IOException failure) throws IOException {
                if (failure != null && !(failure instanceof NoSuchFileException)) {
                    throw failure;
                }
                Files.deleteIfExists(visited);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * Walks a repository that JGit may be packing in the background after a fetch (git's gc --auto):
     * a file that goes meanwhile is passed over.
     */
    private abstract static class PassingVanishedFiles extends SimpleFileVisitor<Path> {

        @Override
        public FileVisitResult visitFileFailed(Path file, IOException failure) throws IOException {
            if (failure instanceof NoSuchFileException) {
                return FileVisitResult.CONTINUE;
            }
            throw failure;
        }
    }

    private record Cached(Path directory, long lastUsed, long size) {
    }
}
