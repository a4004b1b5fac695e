package dev.paved.provisioning;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import jakarta.enterprise.context.ApplicationScoped;

import org.hibernate.resource.jdbc.spi.StatementInspector;

import io.quarkus.hibernate.orm.PersistenceUnitExtension;

/**
 * The SQL statements Hibernate sends while a test's code runs on the test's thread; the workers, the
 * reconciler and the gRPC threads, which run beside it, are not counted.
 */
@PersistenceUnitExtension
@ApplicationScoped
public class Statements implements StatementInspector {

    private static final ThreadLocal<List<String>> SENT = new ThreadLocal<>();

    @Override
    public String inspect(String sql) {
        List<String> sent = SENT.get();
        if (sent != null) {
            sent.add(sql);
        }
        return sql;
    }

    /** What {@code work} answered, and the statements it sent, in order. */
    public static <T> Sent<T> sentBy(Supplier<T> work) {
        SENT.set(new ArrayList<>());
        try {
            T result = work.get();
            return new Sent<>(result, SENT.get());
        } finally {
            SENT.remove();
        }
    }

    public record Sent<T>(T result, List<String> statements) {
    }
}
