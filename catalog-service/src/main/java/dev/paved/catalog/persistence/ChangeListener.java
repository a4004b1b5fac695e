package dev.paved.catalog.persistence;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;

/**
 * Listens for the catalog's NOTIFY (sent by every writer of every replica when it commits) on one
 * dedicated connection and fires a {@link CatalogSignal}. Reconnects after a failure, and fires a
 * CONNECTED signal, so watchers and caches catch up on whatever they missed meanwhile.
 */
@ApplicationScoped
public class ChangeListener {

    static final String CHANNEL = "catalog_changes";
    private static final Logger LOG = Logger.getLogger(ChangeListener.class);
    /** How long one wait for notifications blocks; a stop waits for the one under way to end. */
    private static final int POLL_MILLIS = 1000;

    private final AgroalDataSource dataSource;
    private final Event<CatalogSignal> signals;
    private volatile boolean running;
    private Thread thread;

    public ChangeListener(AgroalDataSource dataSource, Event<CatalogSignal> signals) {
        this.dataSource = dataSource;
        this.signals = signals;
    }

    void start(@Observes StartupEvent startup) {
        running = true;
        thread = new Thread(this::listen, "catalog-change-listener");
        thread.setDaemon(true);
        thread.start();
    }

    void stop(@Observes ShutdownEvent shutdown) throws InterruptedException {
        running = false;
        if (thread != null) {
            // The driver's wait does not end on an interrupt; it ends within POLL_MILLIS, before the pool closes.
            thread.interrupt();
            thread.join(2L * POLL_MILLIS);
        }
    }

    private void listen() {
        while (running) {
            try (Connection connection = dataSource.getConnection()) {
                connection.setAutoCommit(true);
                try (Statement statement = connection.createStatement()) {
                    statement.execute("listen " + CHANNEL);
                }
                PGConnection postgres = connection.unwrap(PGConnection.class);
                signals.fire(new CatalogSignal(CatalogSignal.State.CONNECTED, 0));
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications(POLL_MILLIS);
                    long latest = 0;
                    if (notifications != null) {
                        for (PGNotification notification : notifications) {
                            latest = Math.max(latest, parse(notification.getParameter()));
                        }
                    }
                    if (latest > 0) {
                        signals.fire(new CatalogSignal(CatalogSignal.State.CHANGED, latest));
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (!running) {
                    return;
                }
                LOG.warnf("Catalog change listener lost its connection (%s); reconnecting", e.getMessage());
                signals.fire(new CatalogSignal(CatalogSignal.State.DISCONNECTED, 0));
                pause();
            }
        }
    }

    private static long parse(String payload) {
        try {
            return Long.parseLong(payload);
        } catch (NumberFormatException ignored) {
            return 0;
        }
    }

    private void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
