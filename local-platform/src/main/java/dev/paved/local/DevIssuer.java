package dev.paved.local;

import java.io.IOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * The OIDC issuer of local runs and tests: an RSA key kept on disk, OIDC discovery and JWKS served
 * over HTTP, and RS256 tokens minted on demand. The services validate its tokens exactly as they
 * validate any provider's: discovery, signature, issuer, audience, expiry. Registered service
 * clients get tokens from its token endpoint by the OAuth 2.0 client credentials grant.
 */
public final class DevIssuer implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String KEY_FILE = "signing-key.pk8";
    private static final Base64.Encoder BASE64URL = Base64.getUrlEncoder().withoutPadding();

    private final KeyPair keys;
    private final String keyId;
    private final String issuerUrl;
    private final HttpServer server;
    private final Map<String, ServiceClient> clients = new ConcurrentHashMap<>();

    /** A service client: its secret and what its tokens say. */
    private record ServiceClient(byte[] secret, TokenSpec token) {
    }

    private DevIssuer(KeyPair keys, String issuerUrl, HttpServer server) {
        this.keys = keys;
        this.keyId = keyIdOf((RSAPublicKey) keys.getPublic());
        this.issuerUrl = issuerUrl;
        this.server = server;
    }

    /** Serves discovery and JWKS on 127.0.0.1:port (0 picks a free port). A null directory keeps the key in memory. */
    public static DevIssuer start(Path keyDirectory, int port) throws IOException {
        KeyPair keys = loadOrCreateKeys(keyDirectory);
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 16);
        String issuerUrl = "http://127.0.0.1:" + server.getAddress().getPort();
        DevIssuer issuer = new DevIssuer(keys, issuerUrl, server);
        server.createContext("/.well-known/openid-configuration", exchange -> issuer.respond(exchange,
                issuer.discoveryDocument()));
        server.createContext("/jwks", exchange -> issuer.respond(exchange, issuer.jwks()));
        server.createContext("/token", issuer::token);
        server.setExecutor(Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "dev-issuer");
            thread.setDaemon(true);
            return thread;
        }));
        server.start();
        return issuer;
    }

    /** Mints with the stored key for an issuer that runs elsewhere (`./paved token`). */
    public static DevIssuer offline(Path keyDirectory, String issuerUrl) throws IOException {
        if (!Files.exists(keyDirectory.resolve(KEY_FILE))) {
            throw new IOException("no dev issuer key in " + keyDirectory + "; run ./paved up once first");
        }
        return new DevIssuer(loadOrCreateKeys(keyDirectory), issuerUrl, null);
    }

    public String issuerUrl() {
        return issuerUrl;
    }

    /** Lets a service get tokens as {@code token} says by client credentials (HTTP Basic or form). */
    public void registerClient(String clientId, String secret, TokenSpec token) {
        clients.put(clientId, new ServiceClient(secret.getBytes(StandardCharsets.UTF_8), token));
    }

    public String mint(TokenSpec spec) {
        Instant now = Instant.now();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", issuerUrl);
        claims.put("sub", spec.subject());
        claims.put("aud", spec.audience());
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(spec.ttl()).getEpochSecond());
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("preferred_username", spec.subject());
        claims.put("groups", spec.teams());
        claims.put("roles", spec.roles());
        if (!spec.scopes().isEmpty()) {
            claims.put("scope", String.join(" ", spec.scopes()));
        }
        return sign(Map.of("alg", "RS256", "typ", "JWT", "kid", keyId), claims);
    }

    private String sign(Map<String, Object> header, Map<String, Object> claims) {
        try {
            String signingInput = BASE64URL.encodeToString(JSON.writeValueAsBytes(header)) + "."
                    + BASE64URL.encodeToString(JSON.writeValueAsBytes(claims));
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(keys.getPrivate());
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + BASE64URL.encodeToString(rsa.sign());
        } catch (GeneralSecurityException | JsonProcessingException e) {
            throw new IllegalStateException("cannot sign a token", e);
        }
    }

    private Map<String, Object> discoveryDocument() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuerUrl);
        document.put("jwks_uri", issuerUrl + "/jwks");
        document.put("token_endpoint", issuerUrl + "/token");
        document.put("grant_types_supported", List.of("client_credentials"));
        document.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic", "client_secret_post"));
        document.put("response_types_supported", List.of("token"));
        document.put("subject_types_supported", List.of("public"));
        document.put("id_token_signing_alg_values_supported", List.of("RS256"));
        return document;
    }

    private Map<String, Object> jwks() {
        RSAPublicKey publicKey = (RSAPublicKey) keys.getPublic();
        Map<String, Object> key = new LinkedHashMap<>();
        key.put("kty", "RSA");
        key.put("kid", keyId);
        key.put("use", "sig");
        key.put("alg", "RS256");
        key.put("n", BASE64URL.encodeToString(unsigned(publicKey.getModulus())));
        key.put("e", BASE64URL.encodeToString(unsigned(publicKey.getPublicExponent())));
        return Map.of("keys", List.of(key));
    }

    /** RFC 6749 section 4.4: the client credentials grant, with errors as section 5.2 words them. */
    private void token(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"POST".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            Map<String, String> form = formOf(exchange);
            if (!"client_credentials".equals(form.get("grant_type"))) {
                send(exchange, 400, Map.of("error", "unsupported_grant_type"));
                return;
            }
            ServiceClient client = authenticatedClient(exchange, form);
            if (client == null) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"dev-issuer\"");
                send(exchange, 401, Map.of("error", "invalid_client"));
                return;
            }
            send(exchange, 200, Map.of("access_token", mint(client.token()), "token_type", "Bearer",
                    "expires_in", client.token().ttl().toSeconds()));
        }
    }

    private ServiceClient authenticatedClient(HttpExchange exchange, Map<String, String> form) {
        String clientId = form.get("client_id");
        String secret = form.get("client_secret");
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String[] pair;
            try {
                pair = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
                        StandardCharsets.UTF_8).split(":", 2);
            } catch (IllegalArgumentException notBase64) {
                return null;
            }
            if (pair.length != 2) {
                return null;
            }
            clientId = URLDecoder.decode(pair[0], StandardCharsets.UTF_8);
            secret = URLDecoder.decode(pair[1], StandardCharsets.UTF_8);
        }
        ServiceClient client = clientId == null ? null : clients.get(clientId);
        if (client == null || secret == null
                || !MessageDigest.isEqual(client.secret(), secret.getBytes(StandardCharsets.UTF_8))) {
            return null;
        }
        return client;
    }

    private static Map<String, String> formOf(HttpExchange exchange) throws IOException {
        Map<String, String> form = new LinkedHashMap<>();
        String body = new String(exchange.getRequestBody().readNBytes(16 * 1024), StandardCharsets.UTF_8);
        for (String pair : body.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private void respond(HttpExchange exchange, Map<String, Object> body) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            send(exchange, 200, body);
        }
    }

    private static void send(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.getResponseHeaders().add("Cache-Control", "no-store");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static KeyPair loadOrCreateKeys(Path directory) throws IOException {
        try {
            if (directory != null && Files.exists(directory.resolve(KEY_FILE))) {
                byte[] encoded = Files.readAllBytes(directory.resolve(KEY_FILE));
                KeyFactory factory = KeyFactory.getInstance("RSA");
                RSAPrivateCrtKey privateKey = (RSAPrivateCrtKey) factory
                        .generatePrivate(new PKCS8EncodedKeySpec(encoded));
                RSAPublicKey publicKey = (RSAPublicKey) factory.generatePublic(
                        new RSAPublicKeySpec(privateKey.getModulus(), privateKey.getPublicExponent()));
                return new KeyPair(publicKey, privateKey);
            }
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            if (directory != null) {
                Files.createDirectories(directory);
                Path file = directory.resolve(KEY_FILE);
                Files.write(file, keys.getPrivate().getEncoded());
                restrictToOwner(file);
            }
            return keys;
        } catch (GeneralSecurityException e) {
            throw new IOException("the dev issuer key cannot be read or made", e);
        }
    }

    private static void restrictToOwner(Path file) {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException | IOException notPosix) {
            // Best effort: the key only signs tokens for local runs.
        }
    }

    private static String keyIdOf(RSAPublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return BASE64URL.encodeToString(digest).substring(0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            byte[] trimmed = new byte[bytes.length - 1];
            System.arraycopy(bytes, 1, trimmed, 0, trimmed.length);
            return trimmed;
        }
        return bytes;
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop(0);
            if (server.getExecutor() instanceof java.util.concurrent.ExecutorService executor) {
                executor.shutdownNow();
            }
        }
    }
}
