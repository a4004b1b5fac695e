package dev.paved.catalog.locations.domain;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;

import dev.paved.catalog.domain.BodyFormat;
import dev.paved.catalog.domain.DocumentParser;
import dev.paved.catalog.domain.EntityRef;
import dev.paved.catalog.domain.EntityValidator;
import dev.paved.catalog.domain.LocationBatch;
import dev.paved.catalog.domain.ValidatedEntity;
import dev.paved.catalog.locations.config.LocationsConfig;
import dev.paved.catalog.locations.git.GitCommit;
import dev.paved.catalog.locations.git.GitReadFailed;
import dev.paved.catalog.locations.git.GitRepositories;
import dev.paved.common.problem.ProblemException;

/**
 * Reads what a location's target holds: every matching file at the tip of its ref, each a YAML stream
 * of entities. {@code kind: Location} entities are followed to their targets (relative ones in the same
 * repository and ref, from the file's directory), up to the configured depth; a target reached twice
 * is read once. A file or entity that cannot be taken becomes an error, and the rest is read on.
 */
@ApplicationScoped
public class LocationReader {

    private final GitRepositories git;
    private final DocumentParser parser;
    private final EntityValidator validator;
    private final AllowedTargets allowed;
    private final LocationsConfig config;

    public LocationReader(GitRepositories git, DocumentParser parser, EntityValidator validator, AllowedTargets allowed,
            LocationsConfig config) {
        this.git = git;
        this.parser = parser;
        this.validator = validator;
        this.allowed = allowed;
        this.config = config;
    }

    /** What a read found; {@code commit} is null when the target itself could not be read. */
    public record Read(String commit, List<LocationBatch.Sourced> entities, List<LocationError> errors,
            Set<String> files, Map<String, String> keptFiles, Map<String, String> keptRefs) {

        public boolean failed() {
            return commit == null;
        }
    }

    private record Pending(LocationTarget target, int depth) {
    }

    public Read read(LocationTarget root) {
        Run run = new Run();
        try {
            return read(root, run);
        } finally {
            run.commits.values().forEach(GitCommit::close);
        }
    }

    private Read read(LocationTarget root, Run run) {
        try {
            run.rootCommit = commitOf(root, run.commits).id();
        } catch (GitReadFailed failure) {
            run.errors.add(LocationError.of(failure.code(), failure.getMessage()));
            return run.result(null);
        }
        Deque<Pending> queue = new ArrayDeque<>();
        queue.add(new Pending(root, 0));
        Set<String> visited = new HashSet<>();
        while (!queue.isEmpty() && !run.tooManyFiles) {
            Pending next = queue.poll();
            if (visited.add(next.target().toString())) {
                readTarget(next, queue, run);
            }
        }
        return run.result(run.rootCommit);
    }

    private void readTarget(Pending pending, Deque<Pending> queue, Run run) {
        LocationTarget target = pending.target();
        List<String> paths;
        GitCommit commit;
        try {
            commit = commitOf(target, run.commits);
            paths = target.isGlob() ? git.list(commit, Glob.of(target.path())) : List.of(target.path());
        } catch (GitReadFailed failure) {
            run.errors.add(new LocationError(failure.code(), failure.getMessage(), "url:" + target, null));
            return;
        }
        for (String path : paths) {
            if (run.filesRead == config.maxFiles()) {
                run.tooManyFiles = true;
                run.errors.add(LocationError.of("TOO_MANY_FILES", "A sync reads at most " + config.maxFiles()
                        + " files; the files after that were not read."));
                return;
            }
            run.filesRead++;
            readFile(pending, commit, path, queue, run);
        }
    }

    private void readFile(Pending pending, GitCommit commit, String path, Deque<Pending> queue, Run run) {
        LocationTarget target = pending.target();
        String file = target.fileLocation(path);
        Optional<String> content;
        try {
            content = git.read(commit, path);
        } catch (GitReadFailed failure) {
            run.errors.add(new LocationError(failure.code(), failure.getMessage(), file, null));
            run.keptFiles.put(file, failure.getMessage());
            return;
        }
        if (content.isEmpty()) {
            run.errors.add(new LocationError("FILE_NOT_FOUND", path + " is not in " + target.repository() + " at "
                    + target.ref() + ".", file, null));
            return;
        }
        run.files.add(file);
        if (content.get().isBlank()) {
            return;
        }
        List<JsonNode> documents;
        try {
            documents = parser.parse(content.get(), BodyFormat.YAML);
        } catch (ProblemException malformed) {
            run.errors.add(new LocationError("MALFORMED_FILE", malformed.getMessage(), file, null));
            run.keptFiles.put(file, file + " cannot be read: " + malformed.getMessage());
            return;
        }
        List<EntityValidator.Outcome> outcomes = validator.validateAll(documents);
        for (int i = 0; i < documents.size(); i++) {
            JsonNode document = documents.get(i);
            EntityValidator.Outcome outcome = outcomes.get(i);
            if (!outcome.isValid()) {
                String ref = refOf(document);
                String message = "Document " + i + " is not a valid entity: " + outcome.violations().stream()
                        .map(v -> v.pointer() + " " + v.message()).collect(Collectors.joining("; "));
                run.errors.add(new LocationError("INVALID_ENTITY", message, file, ref));
                if (ref != null) {
                    run.keptRefs.put(ref.toLowerCase(Locale.ROOT), file + ": " + message);
                }
                continue;
            }
            ValidatedEntity entity = outcome.entity();
            if (entity.kind().kindName().equals("Location")) {
                follow(pending, path, file, entity.descriptor().path("spec"), queue, run);
                continue;
            }
            String existing = run.firstFileOfRef.putIfAbsent(entity.ref().key(), file);
            if (existing != null) {
                run.errors.add(new LocationError("DUPLICATE_ENTITY", entity.ref() + " is described again; the first "
                        + "description, in " + existing + ", is the one kept.", file, entity.ref().toString()));
                continue;
            }
            run.entities.add(new LocationBatch.Sourced(entity, file));
        }
    }

    private void follow(Pending pending, String path, String file, JsonNode spec, Deque<Pending> queue, Run run) {
        List<String> references = new ArrayList<>();
        if (spec.hasNonNull("target")) {
            references.add(spec.get("target").asText());
        }
        spec.path("targets").forEach(target -> references.add(target.asText()));
        for (String reference : references) {
            if (pending.depth() + 1 > config.maxDepth()) {
                run.errors.add(new LocationError("DEPTH_EXCEEDED", reference + " is " + (pending.depth() + 1)
                        + " Location entities away from the location; at most " + config.maxDepth()
                        + " are followed.", file, null));
                continue;
            }
            try {
                LocationTarget next = pending.target().resolve(reference, path);
                allowed.check(next);
                queue.add(new Pending(next, pending.depth() + 1));
            } catch (LocationTarget.InvalidTarget invalid) {
                run.errors.add(new LocationError("INVALID_TARGET", "The target " + reference + " "
                        + invalid.getMessage() + ".", file, null));
            }
        }
    }

    /** The same repository and ref give the same commit throughout one read. */
    private GitCommit commitOf(LocationTarget target, Map<String, GitCommit> commits) throws GitReadFailed {
        String key = target.repository() + " " + target.ref();
        GitCommit commit = commits.get(key);
        if (commit == null) {
            commit = git.fetch(target.repository(), target.ref());
            commits.put(key, commit);
        }
        return commit;
    }

    /** The ref of a document that failed validation, where its kind and name can be read. */
    private static String refOf(JsonNode document) {
        String kind = document.path("kind").asText("");
        String name = document.path("metadata").path("name").asText("");
        String namespace = document.path("metadata").path("namespace").asText(EntityRef.DEFAULT_NAMESPACE);
        if (kind.isBlank() || name.isBlank() || namespace.isBlank()) {
            return null;
        }
        return new EntityRef(kind, namespace, name).toString();
    }

    /** The state of one read. */
    private static final class Run {
        final Map<String, GitCommit> commits = new HashMap<>();
        final List<LocationBatch.Sourced> entities = new ArrayList<>();
        final List<LocationError> errors = new ArrayList<>();
        final Set<String> files = new LinkedHashSet<>();
        final Map<String, String> keptFiles = new LinkedHashMap<>();
        final Map<String, String> keptRefs = new LinkedHashMap<>();
        final Map<String, String> firstFileOfRef = new HashMap<>();
        String rootCommit;
        int filesRead;
        boolean tooManyFiles;

        Read result(String commit) {
            return new Read(commit, List.copyOf(entities), List.copyOf(errors), Set.copyOf(files), Map.copyOf(keptFiles),
                    Map.copyOf(keptRefs));
        }
    }
}
