package dev.paved.local;

import io.vertx.core.http.HttpServerRequest;

/**
 * Paths the in-process Kubernetes API answers itself instead of from its stored objects: what a real
 * API server proxies to a kubelet or an aggregated API (pod logs, {@code metrics.k8s.io}), some of
 * which stream.
 */
@FunctionalInterface
public interface ApiRoutes {

    /**
     * Answers the request and returns true, or returns false without touching it, so that the stored
     * objects answer it. Called on the server's event loop: an answer that takes time is written later.
     */
    boolean handle(HttpServerRequest request);
}
