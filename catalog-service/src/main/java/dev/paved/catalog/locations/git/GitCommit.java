package dev.paved.catalog.locations.git;

import java.nio.file.Path;

/** A commit held in the cache: the bare repository it is in and its id. */
public record GitCommit(Path directory, String id) {
}
