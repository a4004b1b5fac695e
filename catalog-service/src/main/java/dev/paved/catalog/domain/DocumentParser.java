package dev.paved.catalog.domain;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

import dev.paved.catalog.config.CatalogConfig;
import dev.paved.common.problem.JsonParseErrors;
import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.common.yaml.YamlLineLimit;

/**
 * Reads the documents of a request body. YAML is read with alias and nesting limits (an alias bomb
 * fails instead of expanding) and YAML 1.2 scalars, as Backstage reads catalog-info.yaml: {@code yes}
 * and {@code 2024-01-01} stay strings. Duplicate keys are rejected in both formats. YAML with a line
 * over {@link YamlLineLimit#MAX_LINE_LENGTH} characters is refused before it is read, as its parse
 * would take time quadratic in the line's length.
 */
@ApplicationScoped
public class DocumentParser {

    private static final int MAX_ALIASES = 50;
    private static final int MAX_NESTING = 64;

    private final ObjectMapper json;
    private final CatalogConfig config;

    public DocumentParser(CatalogConfig config) {
        this.config = config;
        this.json = JsonMapper.builder()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.json.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING)
                .build());
    }

    public List<JsonNode> parse(String body, BodyFormat format) {
        if (body == null || body.isBlank()) {
            throw ProblemException.badRequest("EMPTY_BODY", "The request body holds no entity.",
                    Violation.at("", "must hold at least one entity"));
        }
        List<JsonNode> documents = format == BodyFormat.YAML ? parseYaml(body) : parseJson(body);
        if (documents.isEmpty()) {
            throw ProblemException.badRequest("EMPTY_BODY", "The request body holds no entity.",
                    Violation.at("", "must hold at least one entity"));
        }
        return documents;
    }

    private List<JsonNode> parseJson(String body) {
        List<JsonNode> documents = new ArrayList<>();
        try (JsonParser parser = json.createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.START_ARRAY) {
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    checkCount(documents.size() + 1);
                    documents.add(readJsonDocument(parser, documents.size()));
                }
            } else {
                documents.add(readJsonDocument(parser, 0));
            }
            if (parser.nextToken() != null) {
                throw malformed(documents.size(), "unexpected content after the last entity", parser);
            }
            return documents;
        } catch (JsonProcessingException e) {
            throw malformed(documents.size(), JsonParseErrors.message(e), null);
        } catch (IOException e) {
            throw malformed(documents.size(), "cannot be read", null);
        }
    }

    private JsonNode readJsonDocument(JsonParser parser, int index) throws IOException {
        try {
            return json.readTree(parser);
        } catch (JsonProcessingException e) {
            throw malformed(index, JsonParseErrors.message(e) + lineOf(e), null);
        }
    }

    private static String lineOf(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr() + ")";
    }

    private List<JsonNode> parseYaml(String body) {
        YamlLineLimit.check(body, document -> "/" + document);
        List<JsonNode> documents = new ArrayList<>();
        Iterator<Object> iterator = yaml(body.length()).loadAll(new StringReader(body)).iterator();
        while (true) {
            Object document;
            try {
                if (!iterator.hasNext()) {
                    return documents;
                }
                document = iterator.next();
            } catch (MarkedYAMLException e) {
                throw malformedYaml(documents.size(), e.getProblem(), e.getProblemMark());
            } catch (YAMLException e) {
                throw malformedYaml(documents.size(), e.getMessage(), null);
            }
            if (document == null) {
                // An empty document between two `---` separators, as a trailing separator leaves.
                continue;
            }
            checkCount(documents.size() + 1);
            documents.add(json.valueToTree(document));
        }
    }

    private Yaml yaml(int bodyLength) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowRecursiveKeys(false);
        options.setAllowDuplicateKeys(false);
        options.setNestingDepthLimit(MAX_NESTING);
        options.setCodePointLimit(Math.max(bodyLength + 1, 1));
        return new Yaml(new SafeConstructor(options), new Representer(new DumperOptions()), new DumperOptions(),
                options, new Yaml12Resolver());
    }

    private void checkCount(int count) {
        if (count > config.maxDocumentsPerRequest()) {
            throw new ProblemException(413, "TOO_MANY_ENTITIES",
                    "A request may hold at most " + config.maxDocumentsPerRequest() + " entities.",
                    List.of(Violation.at("/" + (count - 1), "is beyond the limit of "
                            + config.maxDocumentsPerRequest() + " entities")));
        }
    }

    private static ProblemException malformedYaml(int index, String problem, Mark mark) {
        String where = mark == null ? "" : " (line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ")";
        return ProblemException.badRequest("MALFORMED_YAML", "Document " + index + " is not valid YAML: "
                + problem + where + ".", Violation.at("/" + index, "is not valid YAML: " + problem + where));
    }

    private static ProblemException malformed(int index, String problem, JsonParser parser) {
        String where = parser == null ? "" : " (line " + parser.currentLocation().getLineNr() + ")";
        return ProblemException.badRequest("MALFORMED_JSON", "Entity " + index + " is not valid JSON: " + problem
                + where + ".", Violation.at("/" + index, "is not valid JSON: " + problem + where));
    }

    /** YAML 1.2 core schema scalars: only true/false are booleans, no timestamps, no sexagesimals. */
    static final class Yaml12Resolver extends Resolver {

        private static final Pattern CORE_BOOL = Pattern.compile("^(?:true|True|TRUE|false|False|FALSE)$");
        private static final Pattern CORE_INT = Pattern.compile("^[-+]?[0-9]+$");
        private static final Pattern CORE_FLOAT = Pattern
                .compile("^[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$");
        private static final Pattern CORE_NULL = Pattern.compile("^(?:~|null|Null|NULL)$");
        private static final Pattern CORE_EMPTY = Pattern.compile("^$");
        private static final Pattern CORE_MERGE = Pattern.compile("^(?:<<)$");

        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, CORE_BOOL, "tTfF");
            addImplicitResolver(Tag.INT, CORE_INT, "-+0123456789");
            addImplicitResolver(Tag.FLOAT, CORE_FLOAT, "-+0123456789.");
            addImplicitResolver(Tag.NULL, CORE_NULL, "~nN");
            addImplicitResolver(Tag.NULL, CORE_EMPTY, null);
            addImplicitResolver(Tag.MERGE, CORE_MERGE, "<");
        }
    }
}
