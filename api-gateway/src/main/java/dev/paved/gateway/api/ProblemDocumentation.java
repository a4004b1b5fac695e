package dev.paved.gateway.api;

import java.util.ArrayList;
import java.util.List;

import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.media.Schema.SchemaType;
import org.eclipse.microprofile.openapi.models.parameters.Parameter;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import dev.paved.common.problem.Problem;
import dev.paved.gateway.api.backstage.BackstageErrors;
import io.quarkus.smallrye.openapi.OpenApiFilter;

/**
 * Documents the conventions every operation inherits: the bearer token, the problem+json error
 * schema and the error responses each operation can give, so that no resource has to repeat them
 * and the contract cannot forget one; and where the local platform serves the API. It runs once, when the gateway starts; the document is static
 * from then on.
 */
@OpenApiFilter(stages = OpenApiFilter.RunStage.RUNTIME_STARTUP)
public class ProblemDocumentation implements OASFilter {

    static final String SECURITY_SCHEME = "bearer";
    static final String LOCAL_PLATFORM = "http://localhost:8080";
    /** The answers of an operation a service behind the gateway answers; its resource refers to them. */
    public static final String UPSTREAM_ERROR = "BadGateway";
    public static final String UPSTREAM_UNAVAILABLE = "ServiceUnavailable";
    public static final String UPSTREAM_TIMEOUT = "GatewayTimeout";
    /** The same answers of Backstage's catalog API, in Backstage's error shape. */
    public static final String BACKSTAGE = "Backstage";
    public static final String BACKSTAGE_UPSTREAM_ERROR = BACKSTAGE + UPSTREAM_ERROR;
    public static final String BACKSTAGE_UPSTREAM_UNAVAILABLE = BACKSTAGE + UPSTREAM_UNAVAILABLE;
    public static final String BACKSTAGE_UPSTREAM_TIMEOUT = BACKSTAGE + UPSTREAM_TIMEOUT;
    public static final String BACKSTAGE_NOT_FOUND = BACKSTAGE + "NotFound";
    static final String BACKSTAGE_ERROR_SCHEMA = "BackstageError";

    /** The error answers of the platform, each a reusable response in components/responses. */
    enum ErrorResponse {
        BAD_REQUEST(400, "BadRequest",
                "The request is malformed: unreadable JSON, a body of the wrong shape or an invalid parameter."),
        UNAUTHORIZED(401, "Unauthorized",
                "No valid bearer token: missing, malformed, unsigned, expired, for another audience or from an untrusted issuer."),
        FORBIDDEN(403, "Forbidden", "The caller may not perform this request."),
        NOT_FOUND(404, "NotFound", "The resource does not exist or is not visible to the caller."),
        NOT_ACCEPTABLE(406, "NotAcceptable", "The resource cannot be represented in a media type the caller accepts."),
        CONTENT_TOO_LARGE(413, "ContentTooLarge", "The request body is larger than the gateway accepts."),
        URI_TOO_LONG(414, "UriTooLong", "The request's URI (path and query) is longer than the gateway accepts."),
        UNSUPPORTED_MEDIA_TYPE(415, "UnsupportedMediaType", "The request body's content type is not supported here."),
        UNPROCESSABLE_CONTENT(422, "UnprocessableContent", "The request body is well-formed but not valid."),
        TOO_MANY_REQUESTS(429, "TooManyRequests", "The caller exceeded their rate limit; retry after Retry-After seconds."),
        INTERNAL_ERROR(500, "InternalError", "An unexpected error occurred; the request id identifies it in the logs."),
        BAD_GATEWAY(502, UPSTREAM_ERROR, "The service behind the gateway failed to answer."),
        SERVICE_UNAVAILABLE(503, UPSTREAM_UNAVAILABLE, "The service behind the gateway, or one it needs, cannot be "
                + "reached now; retry later."),
        GATEWAY_TIMEOUT(504, UPSTREAM_TIMEOUT, "The service behind the gateway did not answer in time.");

        final int status;
        final String component;
        final String description;

        ErrorResponse(int status, String component, String description) {
            this.status = status;
            this.component = component;
            this.description = description;
        }
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components = openAPI.getComponents() != null ? openAPI.getComponents()
                : openAPI.components(OASFactory.createComponents()).getComponents();
        components.addSecurityScheme(SECURITY_SCHEME, OASFactory.createSecurityScheme()
                .type(SecurityScheme.Type.HTTP)
                .scheme("bearer")
                .bearerFormat("JWT")
                .description("An OIDC access token of the platform's identity provider."));
        openAPI.addSecurityRequirement(OASFactory.createSecurityRequirement().addScheme(SECURITY_SCHEME));
        openAPI.addServer(OASFactory.createServer().url(LOCAL_PLATFORM)
                .description("The local platform that ./paved up starts (--port-base moves it)."));
        components.addSchema("Problem", problemSchema());
        components.addSchema("Violation", violationSchema());
        components.addHeader("RequestId", header("The request id: the caller's X-Request-Id or a new one."));
        components.addHeader("RetryAfter", header("Seconds after which the caller may retry.")
                .schema(OASFactory.createSchema().addType(SchemaType.INTEGER)));
        components.addSchema(BACKSTAGE_ERROR_SCHEMA, backstageErrorSchema());
        for (ErrorResponse error : ErrorResponse.values()) {
            components.addResponse(error.component, errorResponse(error, false));
            components.addResponse(BACKSTAGE + error.component, errorResponse(error, true));
        }
        if (openAPI.getPaths() != null && openAPI.getPaths().getPathItems() != null) {
            openAPI.getPaths().getPathItems().forEach((path, item) -> documentErrors(item,
                    BackstageErrors.covers(path)));
        }
    }

    /** Every operation's error answers: problem+json, or under Backstage's catalog API, Backstage's shape. */
    private static void documentErrors(PathItem path, boolean backstage) {
        List<Parameter> pathParameters = path.getParameters() == null ? List.of() : path.getParameters();
        for (Operation operation : path.getOperations().values()) {
            List<Parameter> parameters = new ArrayList<>(pathParameters);
            if (operation.getParameters() != null) {
                parameters.addAll(operation.getParameters());
            }
            boolean hasBody = operation.getRequestBody() != null;
            boolean hasPathParameters = parameters.stream().anyMatch(p -> p.getIn() == Parameter.In.PATH);
            if (operation.getResponses() == null) {
                operation.responses(OASFactory.createAPIResponses());
            }
            APIResponses responses = operation.getResponses();
            if (hasBody || !parameters.isEmpty()) {
                add(responses, ErrorResponse.BAD_REQUEST, backstage);
                add(responses, ErrorResponse.FORBIDDEN, backstage);
            }
            add(responses, ErrorResponse.UNAUTHORIZED, backstage);
            if (hasPathParameters) {
                add(responses, ErrorResponse.NOT_FOUND, backstage);
            }
            add(responses, ErrorResponse.NOT_ACCEPTABLE, backstage);
            add(responses, ErrorResponse.URI_TOO_LONG, backstage);
            if (hasBody) {
                add(responses, ErrorResponse.CONTENT_TOO_LARGE, backstage);
                add(responses, ErrorResponse.UNSUPPORTED_MEDIA_TYPE, backstage);
                add(responses, ErrorResponse.UNPROCESSABLE_CONTENT, backstage);
            }
            add(responses, ErrorResponse.TOO_MANY_REQUESTS, backstage);
            add(responses, ErrorResponse.INTERNAL_ERROR, backstage);
            // An error a resource describes itself (412, 409) is a problem like every other.
            responses.getAPIResponses().forEach((status, response) -> {
                if (isError(status) && response.getRef() == null && response.getContent() == null) {
                    response.content(errorContent(backstage));
                }
                // A success a resource describes without a schema has no body; the scanner lists the
                // method's media type for it all the same.
                if (!isError(status) && response.getContent() != null && response.getContent().getMediaTypes()
                        .values().stream().allMatch(media -> media.getSchema() == null)) {
                    response.content(null);
                }
            });
        }
    }

    private static boolean isError(String status) {
        return status.startsWith("4") || status.startsWith("5");
    }

    /** A resource's own description of a status wins. */
    private static void add(APIResponses responses, ErrorResponse error, boolean backstage) {
        String status = Integer.toString(error.status);
        if (responses.getAPIResponse(status) == null) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse()
                    .ref(backstage ? BACKSTAGE + error.component : error.component));
        }
    }

    private static APIResponse errorResponse(ErrorResponse error, boolean backstage) {
        APIResponse response = OASFactory.createAPIResponse()
                .description(error.description)
                .content(errorContent(backstage))
                .addHeader("X-Request-Id", OASFactory.createHeader().ref("RequestId"));
        if (error == ErrorResponse.UNAUTHORIZED) {
            response.addHeader("WWW-Authenticate", header("The authentication scheme to use: Bearer."));
        }
        if (error == ErrorResponse.TOO_MANY_REQUESTS) {
            response.addHeader("Retry-After", OASFactory.createHeader().ref("RetryAfter"));
        }
        return response;
    }

    private static org.eclipse.microprofile.openapi.models.media.Content errorContent(boolean backstage) {
        return backstage ? OASFactory.createContent().addMediaType(MediaType.APPLICATION_JSON,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref(BACKSTAGE_ERROR_SCHEMA)))
                : problemContent();
    }

    private static org.eclipse.microprofile.openapi.models.media.Content problemContent() {
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE,
                OASFactory.createMediaType().schema(OASFactory.createSchema().ref("Problem")));
    }

    private static Header header(String description) {
        return OASFactory.createHeader().description(description)
                .schema(OASFactory.createSchema().addType(SchemaType.STRING));
    }

    private static Schema problemSchema() {
        return OASFactory.createSchema()
                .addType(SchemaType.OBJECT)
                .description("An RFC 9457 problem: how every error of the platform is answered.")
                .required(List.of("type", "title", "status", "code"))
                .addProperty("type", string("A URI naming the kind of problem; one per code.")
                        .format("uri").examples(List.of("https://paved.dev/problems/unauthenticated")))
                .addProperty("title", string("The HTTP reason phrase of the status.").examples(List.of("Unauthorized")))
                .addProperty("status", OASFactory.createSchema().addType(SchemaType.INTEGER).format("int32")
                        .description("The HTTP status code.").examples(List.of(401)))
                .addProperty("detail", string("What went wrong, for people."))
                .addProperty("instance", string("The request id (X-Request-Id) of the failed request."))
                .addProperty("code", string("A stable code for programs, such as ENVIRONMENT_NOT_FOUND.")
                        .examples(List.of("UNAUTHENTICATED")))
                .addProperty("errors", OASFactory.createSchema().addType(SchemaType.ARRAY)
                        .description("The invalid parts of the request, for invalid input.")
                        .items(OASFactory.createSchema().ref("Violation")));
    }

    /** {@link BackstageErrors}: {@code {error: {name, message, code, errors}, request, response}}. */
    private static Schema backstageErrorSchema() {
        return OASFactory.createSchema()
                .addType(SchemaType.OBJECT)
                .description("An error as Backstage's backend answers it, which Backstage's client reads; what "
                        + "Backstage's catalog API answers instead of a problem.")
                .required(List.of("error", "request", "response"))
                .addProperty("error", OASFactory.createSchema().addType(SchemaType.OBJECT)
                        .required(List.of("name", "message"))
                        .addProperty("name", string("The Backstage error: InputError (400), AuthenticationError "
                                + "(401), NotAllowedError (403), NotFoundError (404), ConflictError (409, 412), "
                                + "NotImplementedError (501), ServiceUnavailableError (503), Error otherwise.")
                                .examples(List.of("NotFoundError")))
                        .addProperty("message", string("What went wrong, for people."))
                        .addProperty("code", string("The stable code of the same problem in Paved's API.")
                                .examples(List.of("ENTITY_NOT_FOUND")))
                        .addProperty("errors", OASFactory.createSchema().addType(SchemaType.ARRAY)
                                .description("The invalid parts of the request, for invalid input.")
                                .items(OASFactory.createSchema().ref("Violation"))))
                .addProperty("request", OASFactory.createSchema().addType(SchemaType.OBJECT)
                        .required(List.of("method", "url"))
                        .addProperty("method", string("The request's method."))
                        .addProperty("url", string("The request's path and query.")))
                .addProperty("response", OASFactory.createSchema().addType(SchemaType.OBJECT)
                        .required(List.of("statusCode"))
                        .addProperty("statusCode", OASFactory.createSchema().addType(SchemaType.INTEGER)
                                .format("int32")));
    }

    /**
     * Exactly one of pointer and parameter: each shape is a branch of oneOf that requires its own, so
     * an item with both or neither matches no branch or two, and fails.
     */
    private static Schema violationSchema() {
        return OASFactory.createSchema()
                .addType(SchemaType.OBJECT)
                .description("One invalid part of a request: a part of the body (pointer) or a parameter "
                        + "(parameter), never both.")
                .required(List.of("message"))
                .addProperty("pointer", string("An RFC 6901 JSON pointer into the request body.")
                        .examples(List.of("/spec/owner")))
                .addProperty("parameter", string("The path or query parameter or the header that is invalid.")
                        .examples(List.of("limit")))
                .addProperty("message", string("What is wrong with it."))
                .addProperty("code", string("A stable code for what is wrong, where the service gives one, such as "
                        + "the guardrail that denied it.").examples(List.of("allowed-registries")))
                .oneOf(List.of(
                        OASFactory.createSchema().title("Body violation")
                                .description("A part of the request body: {pointer, message}.")
                                .required(List.of("pointer", "message")),
                        OASFactory.createSchema().title("Parameter violation")
                                .description("A path or query parameter or a header: {parameter, message}.")
                                .required(List.of("parameter", "message"))));
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().addType(SchemaType.STRING).description(description);
    }
}
