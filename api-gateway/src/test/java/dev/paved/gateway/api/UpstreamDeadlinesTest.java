package dev.paved.gateway.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import dev.paved.testing.OidcTestResource;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.Deadline;
import io.grpc.MethodDescriptor;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
@QuarkusTestResource(value = OidcTestResource.class, restrictToAnnotatedClass = false)
class UpstreamDeadlinesTest {

    @Inject
    UpstreamDeadlines deadlines;

    @Test
    void startsTheConfiguredDeadlineOfTheBackendWithEachCall() throws InterruptedException {
        Deadline first = deadlineOf(method("paved.catalog.v1.CatalogService", MethodDescriptor.MethodType.UNARY));
        Thread.sleep(20);
        Deadline second = deadlineOf(method("paved.catalog.v1.CatalogService", MethodDescriptor.MethodType.UNARY));
        assertTrue(second.compareTo(first) > 0, "each call must get a deadline of its own");
        assertEquals(60, Math.round(first.timeRemaining(TimeUnit.MILLISECONDS) / 1000.0));
    }

    @Test
    void usesEachBackendsOwnDeadline() {
        assertEquals(Duration.ofSeconds(60), deadlines.deadlineOf("paved.catalog.v1.CatalogService"));
        assertEquals(Duration.ofSeconds(15), deadlines.deadlineOf("paved.provisioning.v1.EnvironmentService"));
        assertEquals(Duration.ofSeconds(30), deadlines.deadlineOf("paved.observability.v1.HealthService"));
        assertEquals(Duration.ofSeconds(10), deadlines.deadlineOf("other.v1.Service"));
    }

    @Test
    void keepsTheDeadlineACallerSet() {
        Deadline own = Deadline.after(2, TimeUnit.SECONDS);
        assertEquals(own, captured(method("paved.catalog.v1.CatalogService", MethodDescriptor.MethodType.UNARY),
                CallOptions.DEFAULT.withDeadline(own)).getDeadline());
    }

    @Test
    void leavesStreamsWithoutDeadline() {
        assertNull(deadlineOf(method("paved.observability.v1.LogService", MethodDescriptor.MethodType.SERVER_STREAMING)));
    }

    private Deadline deadlineOf(MethodDescriptor<String, String> method) {
        return captured(method, CallOptions.DEFAULT).getDeadline();
    }

    private CallOptions captured(MethodDescriptor<String, String> method, CallOptions options) {
        CallOptions[] seen = new CallOptions[1];
        deadlines.interceptCall(method, options, new Channel() {
            @Override
            public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> called, CallOptions callOptions) {
                seen[0] = callOptions;
                return null;
            }

            @Override
            public String authority() {
                return "backend";
            }
        });
        return seen[0];
    }

    private static MethodDescriptor<String, String> method(String service, MethodDescriptor.MethodType type) {
        return MethodDescriptor.<String, String> newBuilder()
                .setType(type)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(service, "Call"))
                .setRequestMarshaller(ProbeGrpcService.Utf8.INSTANCE)
                .setResponseMarshaller(ProbeGrpcService.Utf8.INSTANCE)
                .build();
    }
}
