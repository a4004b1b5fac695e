package dev.paved.catalog.locations.git;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Path;
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
 * a free port of 127.0.0.1, with JGit's own upload-pack: what a Git host answers a fetch. With
 * {@code compressEverything} it compresses every answer, asked or not.
 */
final class SmartHttpGitServer implements AutoCloseable {

    private final HttpServer server;
    private final Path gitDirectory;
    private final boolean compressEverything;

    SmartHttpGitServer(Path gitDirectory, boolean compressEverything) throws IOException {
        this.gitDirectory = gitDirectory;
        this.compressEverything = compressEverything;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::serve);
        server.start();
    }

    /** The repository's URL, as a location's target would name it. */
    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/acme/shop";
    }

    private void serve(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
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
