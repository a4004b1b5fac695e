package dev.paved.provisioning.goldenpaths.domain;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import dev.paved.provisioning.goldenpaths.catalog.TemplatePublisher;
import dev.paved.provisioning.goldenpaths.persistence.GoldenPathStore;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;

/**
 * At startup, stores the built-in golden path versions that are not stored yet, then publishes
 * every golden path to the catalog in the background (the catalog may be starting too).
 */
@ApplicationScoped
public class GoldenPathSeeding {

    private static final Logger LOG = Logger.getLogger(GoldenPathSeeding.class);
    private static final String SEEDED_BY = "paved";

    private final Instance<GoldenPathSource> sources;
    private final GoldenPathStore store;
    private final GoldenPaths goldenPaths;
    private final TemplatePublisher publisher;

    public GoldenPathSeeding(Instance<GoldenPathSource> sources, GoldenPathStore store, GoldenPaths goldenPaths,
            TemplatePublisher publisher) {
        this.sources = sources;
        this.store = store;
        this.goldenPaths = goldenPaths;
        this.publisher = publisher;
    }

    void seed(@Observes StartupEvent event) {
        Instant now = Instant.now();
        int stored = 0;
        for (GoldenPathSource source : sources) {
            for (GoldenPathVersion version : source.versions()) {
                GoldenPathVersion builtIn = new GoldenPathVersion(version.name(), version.version(),
                        version.description(), version.parametersSchema(), version.template(), version.workloadKind(),
                        false, true, SEEDED_BY, now);
                if (store.insertIfMissing(builtIn)) {
                    stored++;
                }
            }
        }
        if (stored > 0) {
            LOG.infof("Stored %d built-in golden path versions", stored);
        }
    }

    /**
     * Publishes every golden path once the service has started and then now and again, so that a
     * catalog that missed a publication (it was down, or lost it) catches up. Not at startup itself: the
     * catalog client is made on first use, and its address (in tests, a port chosen at start) is final
     * only once the service listens.
     */
    @Scheduled(every = "${paved.provisioning.golden-paths.publish-interval:1h}", delayed = "2s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void publish() {
        publisher.publishAsService(goldenPaths::list);
    }
}
