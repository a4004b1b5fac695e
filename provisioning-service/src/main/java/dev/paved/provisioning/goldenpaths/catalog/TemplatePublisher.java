package dev.paved.provisioning.goldenpaths.catalog;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import dev.paved.api.catalog.v1.CatalogServiceGrpc.CatalogServiceBlockingStub;
import dev.paved.api.catalog.v1.DeleteEntityRequest;
import dev.paved.api.catalog.v1.DocumentFormat;
import dev.paved.api.catalog.v1.UpsertRequest;
import dev.paved.common.problem.GrpcProblems;
import dev.paved.common.problem.Problem;
import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.common.security.OnBehalfOfCaller;
import dev.paved.provisioning.goldenpaths.config.GoldenPathsConfig;
import dev.paved.provisioning.goldenpaths.domain.GoldenPath;
import dev.paved.provisioning.goldenpaths.domain.GoldenPathVersion;
import dev.paved.provisioning.goldenpaths.domain.WorkloadKind;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import io.quarkus.grpc.GrpcClient;

/**
 * Publishes golden paths to the catalog as Backstage scaffolder {@code Template} entities, owned by
 * the platform group, whose form is the latest version's parameters schema. A golden path whose
 * versions are all deprecated offers nothing to start from, so its Template is removed.
 *
 * <p>A failed publication never fails what caused it (a registration, a deprecation, a startup):
 * it is logged, and the next registration or deprecation of that golden path, or the next startup,
 * publishes it again, whole. What the catalog would refuse outright (a Template over its entity
 * limit) is refused at registration instead, by {@link #checkPublishable}; and each golden path is
 * published on its own, so that one the catalog refuses keeps no other from being published.
 */
@ApplicationScoped
public class TemplatePublisher {

    public static final String VERSION_ANNOTATION = "paved.dev/golden-path-version";
    private static final Logger LOG = Logger.getLogger(TemplatePublisher.class);
    /** Where the parameters schema's form lies in a Template: its one page. */
    private static final String PARAMETERS_POINTER = "/spec/parameters/0";
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
            Metadata.ASCII_STRING_MARSHALLER);

    private final CatalogServiceBlockingStub catalog;
    private final OnBehalfOfCaller onBehalfOfCaller;
    private final ServiceToken serviceToken;
    private final ObjectMapper json;
    private final String platformGroup;
    private final Duration deadline;
    private final Duration startupDeadline;
    /** Admins' publications started so far, each after the change it publishes committed. */
    private final AtomicLong callerPublications = new AtomicLong();

    public TemplatePublisher(@GrpcClient("catalog") CatalogServiceBlockingStub catalog,
            OnBehalfOfCaller onBehalfOfCaller, ServiceToken serviceToken, ObjectMapper json,
            GoldenPathsConfig config) {
        this.catalog = catalog;
        this.onBehalfOfCaller = onBehalfOfCaller;
        this.serviceToken = serviceToken;
        this.json = json;
        this.platformGroup = config.platformGroup();
        this.deadline = config.catalogDeadline();
        this.startupDeadline = config.startupPublicationDeadline();
    }

    /**
     * Before a registration is stored: refuses it when the catalog refuses, in a dry run on behalf of
     * the admin, the Template the version would publish as the latest (422
     * {@code TEMPLATE_REFUSED_BY_CATALOG}, pointing at the registration's description or parameters
     * schema where the catalog points into them, else at the whole registration). Every version is
     * checked, not only a new latest one: deprecating the versions above it makes it the latest. A
     * catalog that cannot answer refuses nothing: the Template is published when it next can.
     */
    public void checkPublishable(GoldenPathVersion version) {
        try {
            onBehalfOfCaller.client(catalog).withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
                    .upsert(upsertOf(version).setDryRun(true).build());
        } catch (RuntimeException e) {
            if (e instanceof StatusRuntimeException status
                    && status.getStatus().getCode() == Status.Code.INVALID_ARGUMENT) {
                throw refused(status);
            }
            LOG.debugf("The catalog could not check the Template of golden path %s (%s)", version.name(),
                    describe(e));
        }
    }

    private static ProblemException refused(StatusRuntimeException byCatalog) {
        Problem refusal = GrpcProblems.fromStatus(byCatalog.getStatus(), byCatalog.getTrailers(), null);
        List<Violation> violations = refusal.errors().stream()
                .map(error -> Violation.at(registrationPointer(error.pointer()), "its Template " + error.message()))
                .toList();
        return ProblemException.invalid("TEMPLATE_REFUSED_BY_CATALOG", "The catalog refuses the Template this "
                + "version would publish: " + refusal.detail(), violations.isEmpty()
                        ? List.of(Violation.at("", "its Template " + refusal.detail())) : violations);
    }

    /** Where in a registration a pointer into its Template (the first document of the upsert) leads. */
    static String registrationPointer(String templatePointer) {
        String inTemplate = templatePointer == null ? "" : templatePointer.replaceFirst("^/0(?=/|$)", "");
        if (inTemplate.startsWith("/metadata/description")) {
            return "/description";
        }
        if (inTemplate.startsWith(PARAMETERS_POINTER)) {
            return "/parametersSchema" + inTemplate.substring(PARAMETERS_POINTER.length());
        }
        return "";
    }

    /** After a registration or deprecation: the catalog applies its rules to the admin who made it. */
    public void publishAsCaller(GoldenPath goldenPath) {
        callerPublications.incrementAndGet();
        try {
            publish(goldenPath, onBehalfOfCaller.client(catalog)
                    .withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS));
        } catch (RuntimeException e) {
            LOG.warnf("Publishing golden path %s to the catalog failed (%s); it is published again at the next "
                    + "registration or deprecation, or startup", goldenPath.name(), describe(e));
        }
    }

    /**
     * At startup and now and again, with the service's own token, waiting for the catalog to be ready
     * (it may be starting at the same time). Skipped when the service has no client of its own.
     *
     * <p>An admin's registration or deprecation may publish while this runs: had it read the golden
     * paths before that change, this publication would land after it and put the old Template back.
     * So the golden paths are read again and published again until no admin's publication started
     * meanwhile (each starts after its change committed), within the one deadline.
     */
    public void publishAsService(Supplier<List<GoldenPath>> current) {
        try {
            Optional<String> token = serviceToken.fetch(startupDeadline);
            if (token.isEmpty()) {
                LOG.info("Golden paths are not published to the catalog at startup: the service has no OIDC client "
                        + "(paved.provisioning.client.id and secret)");
                return;
            }
            Metadata headers = new Metadata();
            headers.put(AUTHORIZATION, "Bearer " + token.get());
            CatalogServiceBlockingStub client = catalog.withInterceptors(
                    MetadataUtils.newAttachHeadersInterceptor(headers))
                    .withWaitForReady().withDeadlineAfter(startupDeadline.toMillis(), TimeUnit.MILLISECONDS);
            List<GoldenPath> goldenPaths;
            long seen;
            int refused;
            do {
                seen = callerPublications.get();
                goldenPaths = current.get();
                refused = 0;
                for (GoldenPath goldenPath : goldenPaths) {
                    refused += publishUnlessRefused(goldenPath, client) ? 0 : 1;
                }
            } while (callerPublications.get() != seen);
            LOG.infof("Published %d golden paths to the catalog", goldenPaths.size() - refused);
        } catch (RuntimeException e) {
            LOG.warnf("Publishing the golden paths to the catalog at startup failed (%s); each is published again "
                    + "at its next registration or deprecation, or the next startup", describe(e));
        }
    }

    /** False when the catalog refuses this golden path's Template; any other failure ends the publication. */
    private boolean publishUnlessRefused(GoldenPath goldenPath, CatalogServiceBlockingStub client) {
        try {
            publish(goldenPath, client);
            return true;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.INVALID_ARGUMENT) {
                throw e;
            }
            LOG.warnf("The catalog refuses the Template of golden path %s (%s); the other golden paths are "
                    + "published", goldenPath.name(), describe(e));
            return false;
        }
    }

    private void publish(GoldenPath goldenPath, CatalogServiceBlockingStub client) {
        Optional<GoldenPathVersion> latest = goldenPath.latest();
        if (latest.isPresent()) {
            client.upsert(upsertOf(latest.get()).build());
        } else {
            remove(goldenPath.name(), client);
        }
    }

    private UpsertRequest.Builder upsertOf(GoldenPathVersion latest) {
        return UpsertRequest.newBuilder().setBody(template(latest).toString())
                .setFormat(DocumentFormat.DOCUMENT_FORMAT_JSON);
    }

    private static void remove(String name, CatalogServiceBlockingStub client) {
        try {
            client.deleteEntity(DeleteEntityRequest.newBuilder().setKind("Template").setNamespace("default")
                    .setName(name).build());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                throw e;
            }
        }
    }

    /** The Backstage scaffolder Template of a golden path, from its latest version. */
    private ObjectNode template(GoldenPathVersion latest) {
        WorkloadKind kind = WorkloadKind.of(latest.workloadKind()).orElseThrow();
        ObjectNode template = json.createObjectNode()
                .put("apiVersion", "scaffolder.backstage.io/v1beta3")
                .put("kind", "Template");
        ObjectNode metadata = template.putObject("metadata")
                .put("name", latest.name())
                .put("namespace", "default")
                .put("title", latest.name())
                .put("description", latest.description());
        metadata.putArray("tags").add("golden-path").add(kind.kind().toLowerCase(Locale.ROOT));
        metadata.putObject("annotations").put(VERSION_ANNOTATION, latest.version());
        ObjectNode spec = template.putObject("spec")
                .put("owner", platformGroup)
                .put("type", kind.templateType());
        spec.putArray("parameters").add(formSection(latest.name(), latest.parametersSchema()));
        ObjectNode deploy = spec.putArray("steps").addObject()
                .put("id", "deploy")
                .put("name", "Deploy")
                .put("action", "paved:deploy");
        deploy.putObject("input").put("goldenPath", latest.name()).put("goldenPathVersion", latest.version());
        return template;
    }

    /** One page of Backstage's form: the schema's title, required fields and properties. */
    private ObjectNode formSection(String name, String parametersSchema) {
        JsonNode schema;
        try {
            schema = json.readTree(parametersSchema);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored parameters schema of " + name + " is not JSON", e);
        }
        ObjectNode section = json.createObjectNode();
        section.put("title", schema.path("title").asText("Parameters of " + name));
        section.set("required", schema.has("required") ? schema.get("required") : json.createArrayNode());
        section.set("properties", schema.has("properties") ? schema.get("properties") : json.createObjectNode());
        return section;
    }

    private static String describe(RuntimeException e) {
        return e instanceof StatusRuntimeException status ? status.getStatus().toString() : e.toString();
    }
}
