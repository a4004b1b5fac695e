package dev.paved.catalog.locations.git;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.PacketLineOut;
import org.eclipse.jgit.transport.RefAdvertiser;
import org.eclipse.jgit.transport.UploadPack;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * Git's smart HTTP protocol (version 0, as {@code git http-backend} serves it) for one repository on
 * a free port of 127.0.0.1, with JGit's own upload-pack: what a Git host answers a fetch. It can
 * compress every answer, asked or not, or ask for basic credentials as a host of private repositories
 * does; it keeps the {@code Authorization} headers it was sent.
 */
final class SmartHttpGitServer implements AutoCloseable {

    private final HttpServer server;
    private final Path gitDirectory;
    private final boolean compressEverything;
    private final String requiredAuthorization;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();

    private SmartHttpGitServer(Path gitDirectory, boolean compressEverything, String requiredAuthorization)
            throws IOException {
        this.gitDirectory = gitDirectory;
        this.compressEverything = compressEverything;
        this.requiredAuthorization = requiredAuthorization;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::serve);
        server.start();
    }

    static SmartHttpGitServer serving(Path gitDirectory) throws IOException {
        return new SmartHttpGitServer(gitDirectory, false, null);
    }

    static SmartHttpGitServer compressingEverything(Path gitDirectory) throws IOException {
        return new SmartHttpGitServer(gitDirectory, true, null);
    }

    static SmartHttpGitServer requiring(Path gitDirectory, String username, String token) throws IOException {
        return new SmartHttpGitServer(gitDirectory, false, "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + token).getBytes(StandardCharsets.UTF_8)));
    }

    /** How many requests it was sent. */
    int requests() {
        return requests.get();
    }

    /** The Authorization headers of every request, in order. */
    List<String> authorizations() {
        return authorizations;
    }

    /** The repository's URL, as a location's target would name it. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/acme/shop";
    }

    private void serve(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        String path = exchange.getRequestURI().getPath();
        String authorization = exchange.getRequestHeaders().getFirst("Authorization");
        if (authorization != null) {
            authorizations.add(authorization);
        }
        if (requiredAuthorization != null && !requiredAuthorization.equals(authorization)) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"git\"");
            exchange.sendResponseHeaders(401, -1);
            exchange.close();
            return;
        }
        try (exchange; Repository repository = new FileRepositoryBuilder().setGitDir(gitDirectory.toFile())
                .setBare().build()) {
            UploadPack upload = new UploadPack(repository);
            upload.setBiDirectionalPipe(false);
            if (path.endsWith("/info/refs")) {
                exchange.getResponseHeaders().set("Content-Type", "application/x-git-upload-pack-advertisement");
                try (OutputStream body = answer(exchange)) {
                    PacketLineOut lines = new PacketLineOut(body);
                    lines.writeString("# service=git-upload-pack\n");
                    lines.end();
                    upload.sendAdvertisedRefs(new RefAdvertiser.PacketLineOutRefAdvertiser(lines));
                }
            } else if (path.endsWith("/git-upload-pack")) {
                exchange.getResponseHeaders().set("Content-Type", "application/x-git-upload-pack-result");
                try (InputStream request = "gzip".equals(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                        ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody();
                        OutputStream body = answer(exchange)) {
                    upload.upload(request, body, null);
                }
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    private OutputStream answer(HttpExchange exchange) throws IOException {
        if (compressEverything) {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
        }
        exchange.sendResponseHeaders(200, 0);
        return compressEverything ? new GZIPOutputStream(exchange.getResponseBody())
                : exchange.getResponseBody();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
