package dev.paved.testing.contract;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;

/**
 * A {@link HttpClient} that holds every answer against the contract before its caller sees it. It
 * reads each body whole (a server-sent event stream until it ends), checks it, and then hands it to
 * the caller's body handler as if it came from the network, so callers keep their own handlers.
 */
public final class ContractCheckingHttpClient extends HttpClient {

    private final HttpClient delegate;
    private final OpenApiContract contract;

    private ContractCheckingHttpClient(HttpClient delegate, OpenApiContract contract) {
        this.delegate = delegate;
        this.contract = contract;
    }

    public static HttpClient wrap(HttpClient delegate, OpenApiContract contract) {
        return new ContractCheckingHttpClient(delegate, contract);
    }

    /** For clients that build their own, such as the generated SDK's {@code setHttpClientBuilder}. */
    public static HttpClient.Builder builder(HttpClient.Builder delegate, OpenApiContract contract) {
        return new CheckingBuilder(delegate, contract);
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        return checked(request, delegate.send(request, HttpResponse.BodyHandlers.ofByteArray()), handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request,
            HttpResponse.BodyHandler<T> handler) {
        return delegate.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray())
                .thenApply(response -> checked(request, response, handler));
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> pushPromiseHandler) {
        return sendAsync(request, handler);
    }

    private <T> HttpResponse<T> checked(HttpRequest request, HttpResponse<byte[]> response,
            HttpResponse.BodyHandler<T> handler) {
        contract.check(request.method(), request.uri(), response.statusCode(),
                response.headers().firstValue("Content-Type").orElse(null), response.body());
        return new Replayed<>(response, replay(response, handler));
    }

    private static <T> T replay(HttpResponse<byte[]> response, HttpResponse.BodyHandler<T> handler) {
        HttpResponse.BodySubscriber<T> subscriber = handler.apply(new HttpResponse.ResponseInfo() {
            @Override
            public int statusCode() {
                return response.statusCode();
            }

            @Override
            public HttpHeaders headers() {
                return response.headers();
            }

            @Override
            public HttpClient.Version version() {
                return response.version();
            }
        });
        subscriber.onSubscribe(new OneBuffer(subscriber, response.body()));
        return subscriber.getBody().toCompletableFuture().join();
    }

    /**
     * Publishes the body as one buffer on demand, then completes on the next demand, so that a
     * subscriber that reads as it is read (an InputStream) is never handed more than it asked for.
     */
    private static final class OneBuffer implements Flow.Subscription {

        private final Flow.Subscriber<? super List<ByteBuffer>> subscriber;
        private final byte[] body;
        private long demand;
        private boolean delivered;
        private boolean done;
        private boolean emitting;

        OneBuffer(Flow.Subscriber<? super List<ByteBuffer>> subscriber, byte[] body) {
            this.subscriber = subscriber;
            this.body = body;
            this.delivered = body.length == 0;
        }

        @Override
        public synchronized void request(long n) {
            if (done) {
                return;
            }
            if (n <= 0) {
                done = true;
                subscriber.onError(new IllegalArgumentException("demand must be positive, was " + n));
                return;
            }
            demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            if (emitting) {
                return;
            }
            emitting = true;
            try {
                while (!done && demand > 0) {
                    demand--;
                    if (!delivered) {
                        delivered = true;
                        subscriber.onNext(List.of(ByteBuffer.wrap(body)));
                    } else {
                        done = true;
                        subscriber.onComplete();
                    }
                }
            } finally {
                emitting = false;
            }
        }

        @Override
        public synchronized void cancel() {
            done = true;
        }
    }

    /** The answer as received, with the body the caller's handler made of it. */
    private record Replayed<T>(HttpResponse<byte[]> received, T body) implements HttpResponse<T> {

        @Override
        public int statusCode() {
            return received.statusCode();
        }

        @Override
        public HttpRequest request() {
            return received.request();
        }

        @Override
        public Optional<HttpResponse<T>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public HttpHeaders headers() {
            return received.headers();
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return received.sslSession();
        }

        @Override
        public URI uri() {
            return received.uri();
        }

        @Override
        public HttpClient.Version version() {
            return received.version();
        }
    }

    @Override
    public Optional<CookieHandler> cookieHandler() {
        return delegate.cookieHandler();
    }

    @Override
    public Optional<Duration> connectTimeout() {
        return delegate.connectTimeout();
    }

    @Override
    public Redirect followRedirects() {
        return delegate.followRedirects();
    }

    @Override
    public Optional<ProxySelector> proxy() {
        return delegate.proxy();
    }

    @Override
    public SSLContext sslContext() {
        return delegate.sslContext();
    }

    @Override
    public SSLParameters sslParameters() {
        return delegate.sslParameters();
    }

    @Override
    public Optional<Authenticator> authenticator() {
        return delegate.authenticator();
    }

    @Override
    public HttpClient.Version version() {
        return delegate.version();
    }

    @Override
    public Optional<Executor> executor() {
        return delegate.executor();
    }

    private record CheckingBuilder(HttpClient.Builder delegate, OpenApiContract contract) implements HttpClient.Builder {

        @Override
        public HttpClient.Builder cookieHandler(CookieHandler cookieHandler) {
            delegate.cookieHandler(cookieHandler);
            return this;
        }

        @Override
        public HttpClient.Builder connectTimeout(Duration duration) {
            delegate.connectTimeout(duration);
            return this;
        }

        @Override
        public HttpClient.Builder sslContext(SSLContext sslContext) {
            delegate.sslContext(sslContext);
            return this;
        }

        @Override
        public HttpClient.Builder sslParameters(SSLParameters sslParameters) {
            delegate.sslParameters(sslParameters);
            return this;
        }

        @Override
        public HttpClient.Builder executor(Executor executor) {
            delegate.executor(executor);
            return this;
        }

        @Override
        public HttpClient.Builder followRedirects(Redirect policy) {
            delegate.followRedirects(policy);
            return this;
        }

        @Override
        public HttpClient.Builder version(HttpClient.Version version) {
            delegate.version(version);
            return this;
        }

        @Override
        public HttpClient.Builder priority(int priority) {
            delegate.priority(priority);
            return this;
        }

        @Override
        public HttpClient.Builder proxy(ProxySelector proxySelector) {
            delegate.proxy(proxySelector);
            return this;
        }

        @Override
        public HttpClient.Builder authenticator(Authenticator authenticator) {
            delegate.authenticator(authenticator);
            return this;
        }

        @Override
        public HttpClient build() {
            return wrap(delegate.build(), contract);
        }
    }
}
