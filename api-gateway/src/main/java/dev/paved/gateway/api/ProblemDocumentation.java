package dev.paved.gateway.api;

import java.util.ArrayList;
import java.util.List;

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
        for (ErrorResponse error : ErrorResponse.values()) {
            components.addResponse(error.component, errorResponse(error));
        }
        if (openAPI.getPaths() != null && openAPI.getPaths().getPathItems() != null) {
            openAPI.getPaths().getPathItems().values().forEach(ProblemDocumentation::documentErrors);
        }
    }

    private static void documentErrors(PathItem path) {
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
                add(responses, ErrorResponse.BAD_REQUEST);
                add(responses, ErrorResponse.FORBIDDEN);
            }
            add(responses, ErrorResponse.UNAUTHORIZED);
            if (hasPathParameters) {
                add(responses, ErrorResponse.NOT_FOUND);
            }
            add(responses, ErrorResponse.NOT_ACCEPTABLE);
            if (hasBody) {
                add(responses, ErrorResponse.CONTENT_TOO_LARGE);
                add(responses, ErrorResponse.UNSUPPORTED_MEDIA_TYPE);
                add(responses, ErrorResponse.UNPROCESSABLE_CONTENT);
            }
            add(responses, ErrorResponse.TOO_MANY_REQUESTS);
            add(responses, ErrorResponse.INTERNAL_ERROR);
            // An error a resource describes itself (412, 409) is a problem like every other.
            responses.getAPIResponses().forEach((status, response) -> {
                if (isError(status) && response.getRef() == null && response.getContent() == null) {
                    response.content(problemContent());
                }
            });
        }
    }

    private static boolean isError(String status) {
        return status.startsWith("4") || status.startsWith("5");
    }

    /** A resource's own description of a status wins. */
    private static void add(APIResponses responses, ErrorResponse error) {
        String status = Integer.toString(error.status);
        if (responses.getAPIResponse(status) == null) {
            responses.addAPIResponse(status, OASFactory.createAPIResponse().ref(error.component));
        }
    }

    private static APIResponse errorResponse(ErrorResponse error) {
        APIResponse response = OASFactory.createAPIResponse()
                .description(error.description)
                .content(problemContent())
                .addHeader("X-Request-Id", OASFactory.createHeader().ref("RequestId"));
        if (error == ErrorResponse.UNAUTHORIZED) {
            response.addHeader("WWW-Authenticate", header("The authentication scheme to use: Bearer."));
        }
        if (error == ErrorResponse.TOO_MANY_REQUESTS) {
            response.addHeader("Retry-After", OASFactory.createHeader().ref("RetryAfter"));
        }
        return response;
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
