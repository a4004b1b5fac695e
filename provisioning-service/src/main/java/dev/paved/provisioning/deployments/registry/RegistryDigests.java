package dev.paved.provisioning.deployments.registry;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.enterprise.context.ApplicationScoped;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.paved.common.problem.ProblemException;
import dev.paved.common.problem.Violation;
import dev.paved.provisioning.deployments.config.RegistriesConfig;
import dev.paved.provisioning.deployments.domain.ImageReference;

/**
 * Resolves image references to the digest their registry answers, through the OCI distribution API
 * ({@code HEAD /v2/<repository>/manifests/<tag>}, {@code Docker-Content-Digest}), so a promoted image
 * is the very image that was tested. Registries that ask for a token (Bearer) or for basic credentials
 * get the configured credentials of their host, or none.
 */
@ApplicationScoped
public class RegistryDigests {

    /** Where a reference resolved without a pointer of the caller's is reported. */
    public static final String DEFAULT_POINTER = "/image";

    static final String ACCEPT = String.join(", ",
            "application/vnd.oci.image.index.v1+json",
            "application/vnd.oci.image.manifest.v1+json",
            "application/vnd.docker.distribution.manifest.list.v2+json",
            "application/vnd.docker.distribution.manifest.v2+json");
    private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}|sha512:[0-9a-f]{128}");
    private static final Pattern CHALLENGE_PARAMETER = Pattern.compile("([A-Za-z]+)=\"([^\"]*)\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistriesConfig config;
    private final HttpClient http;

    public RegistryDigests(RegistriesConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** The digest of {@code imageReference}; a problem found is reported at {@value #DEFAULT_POINTER}. */
    public String resolve(String imageReference) {
        return resolve(imageReference, DEFAULT_POINTER);
    }

    /**
     * The digest of {@code imageReference} ({@code sha256:…}): the one it holds, without asking the
     * registry, or the one the registry answers for its tag. An image that is not there or a
     * reference that is not one is a 422 with a violation at {@code pointer}; credentials the registry
     * refuses are a 422 too; a registry that cannot be reached or fails is a 503.
     */
    public String resolve(String imageReference, String pointer) {
        ImageReference image;
        try {
            image = ImageReference.parse(imageReference);
        } catch (IllegalArgumentException invalid) {
            throw ProblemException.invalid("INVALID_IMAGE_REFERENCE", "'" + imageReference
                    + "' is not an image reference", List.of(Violation.at(pointer, invalid.getMessage())));
        }
        if (image.hasDigest()) {
            return image.digest();
        }
        return new Lookup(image, pointer).digest();
    }

    /** One resolution: the image, where to report it, and the authorization the registry granted. */
    private final class Lookup {

        private final ImageReference image;
        private final String tag;
        private final String pointer;
        private final Optional<RegistriesConfig.Registry> registry;
        private final URI manifest;
        private Optional<String> authorization = Optional.empty();

        Lookup(ImageReference image, String pointer) {
            this.image = image;
            // A reference without a tag means the tag latest.
            this.tag = image.tag() == null ? "latest" : image.tag();
            this.pointer = pointer;
            this.registry = Optional.ofNullable(config.hosts().get(image.registry()));
            boolean plain = image.isOnLoopback() || registry.map(RegistriesConfig.Registry::insecure).orElse(false);
            // Docker Hub's distribution API is not at docker.io itself.
            String apiHost = image.registry().equals(ImageReference.DOCKER_HUB) ? "registry-1.docker.io"
                    : image.registry();
            this.manifest = URI.create((plain ? "http" : "https") + "://" + apiHost
                    + "/v2/" + image.repository() + "/manifests/" + tag);
        }

        String digest() {
            HttpResponse<byte[]> head = send("HEAD");
            Optional<String> reported = head.headers().firstValue("Docker-Content-Digest");
            if (reported.isPresent()) {
                return checked(reported.get());
            }
            // Some registries leave the header out of HEAD answers: the digest is that of the manifest itself.
            HttpResponse<byte[]> get = send("GET");
            return get.headers().firstValue("Docker-Content-Digest").map(this::checked).orElseGet(() -> sha256(get.body()));
        }

        /** A successful answer to the manifest request, authorizing once when the registry asks to. */
        private HttpResponse<byte[]> send(String method) {
            HttpResponse<byte[]> response = exchange(manifestRequest(method));
            if (response.statusCode() == 401 && authorization.isEmpty()) {
                authorization = Optional.of(authorize(response));
                response = exchange(manifestRequest(method));
            }
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                return response;
            }
            if (status == 401 || status == 403) {
                throw authFailed("refused access to " + image.repository() + " (HTTP " + status
                        + "): the configured credentials are wrong or lack pull access, or the repository does not exist");
            }
            if (status == 404) {
                throw notFound();
            }
            if (status == 429 || status >= 500) {
                throw unavailable("answered HTTP " + status);
            }
            throw ProblemException.invalid("IMAGE_NOT_FOUND",
                    "registry " + image.registry() + " refused " + image.repository() + ":" + tag + " (HTTP " + status + ")",
                    List.of(Violation.at(pointer, "the registry does not serve this image")));
        }

        private HttpRequest manifestRequest(String method) {
            HttpRequest.Builder request = HttpRequest.newBuilder(manifest)
                    .timeout(config.requestTimeout())
                    .header("Accept", ACCEPT)
                    .method(method, HttpRequest.BodyPublishers.noBody());
            authorization.ifPresent(value -> request.header("Authorization", value));
            return request.build();
        }

        /** The Authorization header answering the registry's challenge. */
        private String authorize(HttpResponse<byte[]> unauthorized) {
            String challenge = unauthorized.headers().firstValue("WWW-Authenticate").orElse("");
            String scheme = challenge.split(" ", 2)[0];
            if (scheme.equalsIgnoreCase("Bearer")) {
                return "Bearer " + token(parameters(challenge));
            }
            if (scheme.equalsIgnoreCase("Basic")) {
                return basicCredentials().orElseThrow(() -> authFailed("asks for credentials and none are configured"
                        + " (paved.provisioning.registries.hosts.\"" + image.registry() + "\".username and password)"));
            }
            throw authFailed("asks for an authentication scheme Paved does not support: " + scheme);
        }

        private String token(Map<String, String> challenge) {
            String realm = challenge.get("realm");
            if (realm == null) {
                throw authFailed("asks for a token without saying where to get one (no realm)");
            }
            StringBuilder query = new StringBuilder();
            Optional.ofNullable(challenge.get("service")).ifPresent(service -> query.append("service=").append(encode(service)));
            String scope = challenge.getOrDefault("scope", "repository:" + image.repository() + ":pull");
            query.append(query.isEmpty() ? "" : "&").append("scope=").append(encode(scope));
            URI tokenService;
            try {
                tokenService = URI.create(realm + (realm.contains("?") ? "&" : "?") + query);
            } catch (IllegalArgumentException e) {
                throw authFailed("names a token service that is not a URL: " + realm);
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(tokenService).timeout(config.requestTimeout()).GET();
            basicCredentials().ifPresent(credentials -> request.header("Authorization", credentials));
            HttpResponse<byte[]> response = exchange(request.build());
            int status = response.statusCode();
            if (status == 401 || status == 403) {
                throw authFailed("token service refused the credentials (HTTP " + status + ")");
            }
            if (status == 429 || status >= 500) {
                throw unavailable("token service answered HTTP " + status);
            }
            if (status != 200) {
                throw authFailed("token service answered HTTP " + status);
            }
            try {
                JsonNode body = JSON.readTree(response.body());
                String token = body.path("token").asText(body.path("access_token").asText(""));
                if (token.isEmpty()) {
                    throw authFailed("token service answered no token");
                }
                return token;
            } catch (IOException e) {
                throw authFailed("token service answered something other than JSON");
            }
        }

        private Optional<String> basicCredentials() {
            return registry.flatMap(RegistriesConfig.Registry::username).map(username -> "Basic " + Base64.getEncoder()
                    .encodeToString((username + ":" + registry.get().password().orElse("")).getBytes(StandardCharsets.UTF_8)));
        }

        private HttpResponse<byte[]> exchange(HttpRequest request) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (IOException e) {
                throw unavailable("cannot be reached (" + e.getClass().getSimpleName()
                        + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unavailable("was not asked: the request was interrupted");
            }
        }

        private String checked(String digest) {
            if (!DIGEST.matcher(digest).matches()) {
                throw unavailable("answered a malformed digest '" + digest + "'");
            }
            return digest;
        }

        private ProblemException notFound() {
            return ProblemException.invalid("IMAGE_NOT_FOUND",
                    "registry " + image.registry() + " has no image " + image.repository() + ":" + tag,
                    List.of(Violation.at(pointer, "the tag or the repository does not exist")));
        }

        private ProblemException authFailed(String why) {
            return ProblemException.invalid("REGISTRY_AUTH_FAILED", "registry " + image.registry() + " " + why,
                    List.of(Violation.at(pointer, "the registry refused to serve this image")));
        }

        private ProblemException unavailable(String why) {
            return new ProblemException(503, "REGISTRY_UNAVAILABLE", "registry " + image.registry() + " " + why);
        }
    }

    private static Map<String, String> parameters(String challenge) {
        Map<String, String> parameters = new LinkedHashMap<>();
        Matcher matcher = CHALLENGE_PARAMETER.matcher(challenge);
        while (matcher.find()) {
            parameters.putIfAbsent(matcher.group(1).toLowerCase(), matcher.group(2));
        }
        return parameters;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] content) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
