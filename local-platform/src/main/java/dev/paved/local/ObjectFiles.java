package dev.paved.local;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The in-process API's objects on disk, one JSON file per object under
 * {@code <group or core>/<plural>/<namespace or _cluster>/<name>.json}, so that a restart finds
 * them with their resourceVersions. Changes are written by one background thread, which takes
 * whatever has queued up since its last pass, keeps the last state of each object and writes it to a
 * temporary file that it then renames over the old one: requests never wait for the disk, and a file
 * is either the old object or the new one, never half of either.
 */
final class ObjectFiles implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(ObjectFiles.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLUSTER_SCOPED = "_cluster";
    private static final String CORE_GROUP = "core";
    private static final String SUFFIX = ".json";
    private static final String TEMPORARY_SUFFIX = ".json.tmp";

    /** An object's new state, or with {@code json} null its removal; a null group is the core group. */
    private record Change(String group, String plural, String namespace, String name, String json) {

        Path file(Path directory) {
            return directory.resolve(group == null ? CORE_GROUP : group).resolve(plural)
                    .resolve(namespace == null || namespace.isEmpty() ? CLUSTER_SCOPED : namespace)
                    .resolve(fileName(name));
        }
    }

    private static final Change END = new Change(null, null, null, null, null);

    private final Path directory;
    private final BlockingQueue<Change> changes = new LinkedBlockingQueue<>();
    private final Thread writer;

    private ObjectFiles(Path directory) {
        this.directory = directory;
        this.writer = new Thread(this::writeChanges, "kubernetes-object-files");
        writer.setDaemon(true);
    }

    /**
     * Loads every stored object into {@code dispatcher} and from then on writes each of its changes.
     *
     * @throws IOException naming the file when one cannot be read back as the object it should hold
     */
    static ObjectFiles attach(Path directory, InProcessApiDispatcher dispatcher) throws IOException {
        Files.createDirectories(directory);
        ObjectFiles files = new ObjectFiles(directory);
        long highestVersion = 0;
        for (Path file : storedFiles(directory)) {
            highestVersion = Math.max(highestVersion, files.restore(file, dispatcher));
        }
        dispatcher.resumeResourceVersionsAfter(highestVersion);
        dispatcher.persistTo(files);
        files.writer.start();
        return files;
    }

    private static List<Path> storedFiles(Path directory) throws IOException {
        List<Path> stored = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(directory, 4)) {
            for (Path file : (Iterable<Path>) walk::iterator) {
                String name = file.getFileName().toString();
                if (name.endsWith(TEMPORARY_SUFFIX)) {
                    // A write that a crash interrupted: the object's last complete state is the .json beside it.
                    Files.deleteIfExists(file);
                } else if (name.endsWith(SUFFIX) && Files.isRegularFile(file)) {
                    stored.add(file);
                }
            }
        }
        return stored;
    }

    /** @return the object's resourceVersion */
    private long restore(Path file, InProcessApiDispatcher dispatcher) throws IOException {
        Path relative = directory.relativize(file);
        if (relative.getNameCount() != 4) {
            throw invalid(file, "it lies outside the <group>/<plural>/<namespace>/<name>.json layout");
        }
        String group = relative.getName(0).toString();
        String plural = relative.getName(1).toString();
        String namespace = relative.getName(2).toString();
        String text = Files.readString(file);
        JsonNode object;
        try {
            object = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw invalid(file, "it is not JSON: " + e.getOriginalMessage() + " at line "
                    + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
        if (object == null || !object.isObject()) {
            throw invalid(file, "it holds no JSON object");
        }
        String apiVersion = object.path("apiVersion").asText("");
        String name = object.path("metadata").path("name").asText("");
        String resourceVersion = object.path("metadata").path("resourceVersion").asText("");
        if (apiVersion.isEmpty() || object.path("kind").asText("").isEmpty() || name.isEmpty()) {
            throw invalid(file, "it lacks apiVersion, kind or metadata.name");
        }
        if (!resourceVersion.matches("\\d{1,18}")) {
            throw invalid(file, "its metadata.resourceVersion '" + resourceVersion + "' is not a number");
        }
        String objectGroup = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : CORE_GROUP;
        String objectNamespace = object.path("metadata").path("namespace").asText(CLUSTER_SCOPED);
        if (!objectGroup.equals(group) || !objectNamespace.equals(namespace) || !fileName(name).equals(
                relative.getName(3).toString())) {
            throw invalid(file, "it holds " + apiVersion + " " + object.path("kind").asText() + " " + name
                    + (objectNamespace.equals(CLUSTER_SCOPED) ? "" : " in namespace " + objectNamespace)
                    + ", which belongs elsewhere");
        }
        String version = apiVersion.substring(apiVersion.indexOf('/') + 1);
        String prefix = group.equals(CORE_GROUP) ? "/api/" + version : "/apis/" + group + "/" + version;
        String scope = namespace.equals(CLUSTER_SCOPED) ? "" : "/namespaces/" + namespace;
        dispatcher.restore(prefix + scope + "/" + plural + "/" + name, text);
        return Long.parseLong(resourceVersion);
    }

    private IOException invalid(Path file, String reason) {
        return new IOException("the stored Kubernetes object " + file + " cannot be read back: " + reason
                + "; move it out of " + directory + " to start without it");
    }

    /** Queues the object's new state, null once it is deleted; a null group is the core group. */
    void changed(String group, String plural, String namespace, String name, String json) {
        changes.add(new Change(group, plural, namespace, name, json));
    }

    private void writeChanges() {
        List<Change> batch = new ArrayList<>();
        boolean ending = false;
        while (!ending) {
            try {
                batch.add(changes.take());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            changes.drainTo(batch);
            ending = batch.remove(END);
            Map<Path, String> latest = new LinkedHashMap<>();
            for (Change change : batch) {
                latest.put(change.file(directory), change.json());
            }
            batch.clear();
            latest.forEach(this::write);
        }
    }

    private static String fileName(String objectName) {
        return URLEncoder.encode(objectName, StandardCharsets.UTF_8) + SUFFIX;
    }

    private void write(Path file, String json) {
        try {
            if (json == null) {
                Files.deleteIfExists(file);
                deleteIfEmpty(file.getParent());
                return;
            }
            Files.createDirectories(file.getParent());
            Path temporary = file.resolveSibling(file.getFileName().toString().replace(SUFFIX, TEMPORARY_SUFFIX));
            Files.writeString(temporary, json);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException | UncheckedIOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot write the Kubernetes object file " + file, e);
        }
    }

    private static void deleteIfEmpty(Path namespaceDirectory) throws IOException {
        try {
            Files.deleteIfExists(namespaceDirectory);
        } catch (DirectoryNotEmptyException stillUsed) {
            // Other objects of the namespace remain.
        }
    }

    /** Writes what is still queued, then stops. */
    @Override
    public void close() {
        changes.add(END);
        try {
            writer.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
