package dev.paved.catalog.locations.git;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A commit held in the cache: the bare repository it is in and its id. While it is open, the cache
 * keeps its repository; closing it (once is enough) lets the repository be removed to make room.
 */
public final class GitCommit implements AutoCloseable {

    private final Path directory;
    private final String id;
    private final Runnable release;
    private final AtomicBoolean closed = new AtomicBoolean();

    GitCommit(Path directory, String id, Runnable release) {
        this.directory = directory;
        this.id = id;
        this.release = release;
    }

    public Path directory() {
        return directory;
    }

    public String id() {
        return id;
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            release.run();
        }
    }
}
