package dev.paved.gateway.api;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.vertx.ext.web.Router;

/** A test-only Vert.x route that fails below the REST layer. */
@ApplicationScoped
public class ProbeRoutes {

    void register(@Observes Router router) {
        router.get("/test-probe/vertx-failure").handler(context -> {
            throw new IllegalStateException("secret internals of dev.paved.gateway.Hidden");
        });
    }
}
