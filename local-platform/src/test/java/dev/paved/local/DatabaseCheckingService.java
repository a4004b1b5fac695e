package dev.paved.local;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;

/**
 * A {@link ReadyService} that, while it shuts down, still needs its database: a second into its
 * shutdown it connects to PostgreSQL and prints whether it could (its log).
 */
public final class DatabaseCheckingService {

    static final String REACHABLE = "database reachable while stopping";
    static final String GONE = "database gone while stopping";

    private DatabaseCheckingService() {
    }

    public static void main(String[] args) throws IOException {
        String jdbcUrl = System.getenv("QUARKUS_DATASOURCE_JDBC_URL");
        if (jdbcUrl != null) {
            URI database = URI.create(jdbcUrl.substring("jdbc:".length()));
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                try (Socket connection = new Socket(database.getHost(), database.getPort())) {
                    System.out.println(REACHABLE);
                } catch (IOException refused) {
                    System.out.println(GONE);
                }
                System.out.flush();
            }));
        }
        ReadyService.main(args);
    }
}
