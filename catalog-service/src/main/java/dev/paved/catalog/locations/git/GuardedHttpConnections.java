package dev.paved.catalog.locations.git;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ProtocolException;
import java.net.Proxy;
import java.net.URL;
import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import javax.net.ssl.HostnameVerifier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;

import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;
import org.eclipse.jgit.transport.http.JDKHttpConnectionFactory;

/**
 * JGit's HTTP connections for one Git operation, which together may read at most {@code limit}
 * bytes of answers: a repository (or a server) that sends more fails the operation with
 * {@link TooLarge} as soon as it does, before more reaches the cache's disk. Compression is never
 * asked for, and an answer compressed all the same is {@link Refused}, so the bytes counted are the
 * bytes JGit stores. With {@code publicOnly}, a connection to a host that resolves to an address that
 * is not public is refused before it is opened: the address checked is the one the connection then
 * uses (the JVM keeps a resolved name for 30 seconds), so a host that resolved to a public address
 * when its location was checked cannot turn to an internal one for the fetch (DNS rebinding).
 */
final class GuardedHttpConnections implements HttpConnectionFactory {

    private final HttpConnectionFactory connections = new JDKHttpConnectionFactory();
    private final long limit;
    private final boolean publicOnly;
    private long read;

    GuardedHttpConnections(long limit, boolean publicOnly) {
        this.limit = limit;
        this.publicOnly = publicOnly;
    }

    /** An answer this factory does not let JGit read. */
    static class Refused extends IOException {

        Refused(String message) {
            super(message);
        }
    }

    /** The answers' bytes went past the limit. */
    static final class TooLarge extends Refused {

        TooLarge(long limit) {
            super("the repository sent more than " + limit + " bytes");
        }
    }

    @Override
    public HttpConnection create(URL url) throws IOException {
        checkPublic(url);
        return new Bounded(connections.create(url));
    }

    @Override
    public HttpConnection create(URL url, Proxy proxy) throws IOException {
        checkPublic(url);
        return new Bounded(connections.create(url, proxy));
    }

    private void checkPublic(URL url) throws Refused {
        if (!publicOnly) {
            return;
        }
        Optional<InetAddress> internal = PublicAddresses.internalAddressOf(url.getHost());
        if (internal.isPresent()) {
            throw new Refused("its host " + url.getHost() + " resolves to " + internal.get().getHostAddress()
                    + ", which is not public; the catalog reads such a host only when"
                    + " paved.catalog.locations.allowed-hosts lists it");
        }
    }

    private synchronized void count(long bytes) throws TooLarge {
        read += bytes;
        if (read > limit) {
            throw new TooLarge(limit);
        }
    }

    /** One connection: every method JGit calls is the JDK connection's, but for the two below. */
    private final class Bounded implements HttpConnection {

        private final HttpConnection connection;

        Bounded(HttpConnection connection) {
            this.connection = connection;
        }

        @Override
        public void setRequestProperty(String key, String value) {
            if (!"Accept-Encoding".equalsIgnoreCase(key)) {
                connection.setRequestProperty(key, value);
            }
        }

        @Override
        public InputStream getInputStream() throws IOException {
            String encoding = connection.getHeaderField("Content-Encoding");
            if (encoding != null && !encoding.isBlank() && !"identity".equals(encoding.toLowerCase(Locale.ROOT))) {
                throw new Refused("the repository answered with Content-Encoding " + encoding
                        + ", which was not asked for");
            }
            return new FilterInputStream(connection.getInputStream()) {
                @Override
                public int read() throws IOException {
                    int next = super.read();
                    if (next >= 0) {
                        count(1);
                    }
                    return next;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    if (n > 0) {
                        count(n);
                    }
                    return n;
                }

                @Override
                public long skip(long n) throws IOException {
                    long skipped = super.skip(n);
                    count(skipped);
                    return skipped;
                }
            };
        }

        @Override
        public int getResponseCode() throws IOException {
            return connection.getResponseCode();
        }

        @Override
        public URL getURL() {
            return connection.getURL();
        }

        @Override
        public String getResponseMessage() throws IOException {
            return connection.getResponseMessage();
        }

        @Override
        public Map<String, List<String>> getHeaderFields() {
            return connection.getHeaderFields();
        }

        @Override
        public void setRequestMethod(String method) throws ProtocolException {
            connection.setRequestMethod(method);
        }

        @Override
        public void setUseCaches(boolean useCaches) {
            connection.setUseCaches(useCaches);
        }

        @Override
        public void setConnectTimeout(int timeout) {
            connection.setConnectTimeout(timeout);
        }

        @Override
        public void setReadTimeout(int timeout) {
            connection.setReadTimeout(timeout);
        }

        @Override
        public String getContentType() {
            return connection.getContentType();
        }

        @Override
        public String getHeaderField(String name) {
            return connection.getHeaderField(name);
        }

        @Override
        public List<String> getHeaderFields(String name) {
            return connection.getHeaderFields(name);
        }

        @Override
        public int getContentLength() {
            return connection.getContentLength();
        }

        @Override
        public void setInstanceFollowRedirects(boolean followRedirects) {
            connection.setInstanceFollowRedirects(followRedirects);
        }

        @Override
        public void setDoOutput(boolean doOutput) {
            connection.setDoOutput(doOutput);
        }

        @Override
        public void setFixedLengthStreamingMode(int contentLength) {
            connection.setFixedLengthStreamingMode(contentLength);
        }

        @Override
        public OutputStream getOutputStream() throws IOException {
            return connection.getOutputStream();
        }

        @Override
        public void setChunkedStreamingMode(int chunkLength) {
            connection.setChunkedStreamingMode(chunkLength);
        }

        @Override
        public String getRequestMethod() {
            return connection.getRequestMethod();
        }

        @Override
        public boolean usingProxy() {
            return connection.usingProxy();
        }

        @Override
        public void connect() throws IOException {
            connection.connect();
        }

        @Override
        public void configure(KeyManager[] keyManagers, TrustManager[] trustManagers, SecureRandom random)
                throws NoSuchAlgorithmException, KeyManagementException {
            connection.configure(keyManagers, trustManagers, random);
        }

        @Override
        public void setHostnameVerifier(HostnameVerifier verifier)
                throws NoSuchAlgorithmException, KeyManagementException {
            connection.setHostnameVerifier(verifier);
        }
    }
}
