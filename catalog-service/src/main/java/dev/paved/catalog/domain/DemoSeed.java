package dev.paved.catalog.domain;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import dev.paved.catalog.config.CatalogConfig;
import dev.paved.catalog.persistence.EntityStore;
import dev.paved.common.security.Caller;
import io.quarkus.runtime.StartupEvent;

/**
 * On the first start of a local platform (an empty catalog and {@code paved.catalog.seed.team} set),
 * registers the demo team as a Group, the demo user as its member, and a Component the team owns,
 * so the README tour and the demo token meet a catalog that knows them.
 */
@ApplicationScoped
public class DemoSeed {

    private static final Logger LOG = Logger.getLogger(DemoSeed.class);
    private static final Caller SEEDER = new Caller("paved-seed", Set.of(), Set.of(Caller.PLATFORM_ADMIN), Set.of());

    private final CatalogConfig config;
    private final EntityStore store;
    private final CatalogWriter writer;

    public DemoSeed(CatalogConfig config, EntityStore store, CatalogWriter writer) {
        this.config = config;
        this.store = store;
        this.writer = writer;
    }

    void seed(@Observes StartupEvent startup) {
        if (config.seed().team().isEmpty() || store.count() > 0) {
            return;
        }
        String team = config.seed().team().get();
        StringBuilder yaml = new StringBuilder();
        yaml.append("""
                apiVersion: backstage.io/v1alpha1
                kind: Group
                metadata:
                  name: %s
                  description: The demo team of the local platform.
                spec:
                  type: team
                  children: []
                """.formatted(team));
        config.seed().user().ifPresent(user -> yaml.append("""
                ---
                apiVersion: backstage.io/v1alpha1
                kind: User
                metadata:
                  name: %s
                spec:
                  memberOf: [%s]
                """.formatted(user, team)));
        config.seed().component().ifPresent(component -> yaml.append("""
                ---
                apiVersion: backstage.io/v1alpha1
                kind: Component
                metadata:
                  name: %s
                  description: A service of the demo team.
                  tags: [demo]
                spec:
                  type: service
                  lifecycle: experimental
                  owner: group:default/%s
                """.formatted(component, team)));
        writer.ingest(SEEDER, yaml.toString(), BodyFormat.YAML, false, null);
        LOG.infof("Seeded the catalog with the demo team %s", team);
    }
}
