package dev.paved.gateway.api;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

import dev.paved.common.security.Callers;
import io.grpc.BindableService;
import io.grpc.Drainable;
import io.grpc.MethodDescriptor;
import io.grpc.ServerServiceDefinition;
import io.grpc.stub.ServerCalls;
import io.quarkus.grpc.GrpcService;

/**
 * A test-only gRPC service in the platform's namespace, standing in for the gateway's forwarding
 * services: it answers the caller's subject as the gateway resolved it.
 */
@GrpcService
public class ProbeGrpcService implements BindableService {

    static final MethodDescriptor<String, String> WHO_AM_I = MethodDescriptor.<String, String> newBuilder()
            .setType(MethodDescriptor.MethodType.UNARY)
            .setFullMethodName(MethodDescriptor.generateFullMethodName("paved.probe.v1.ProbeService", "WhoAmI"))
            .setRequestMarshaller(Utf8.INSTANCE)
            .setResponseMarshaller(Utf8.INSTANCE)
            .build();

    private final Callers callers;

    public ProbeGrpcService(Callers callers) {
        this.callers = callers;
    }

    @Override
    public ServerServiceDefinition bindService() {
        return ServerServiceDefinition.builder("paved.probe.v1.ProbeService")
                .addMethod(WHO_AM_I, ServerCalls.asyncUnaryCall((request, response) -> {
                    response.onNext(callers.current().subject());
                    response.onCompleted();
                }))
                .build();
    }

    enum Utf8 implements MethodDescriptor.Marshaller<String> {
        INSTANCE;

        @Override
        public InputStream stream(String value) {
            return new DrainableBytes(value.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String parse(InputStream stream) {
            try {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** Vert.x' gRPC transport writes messages by draining them. */
    private static final class DrainableBytes extends ByteArrayInputStream implements Drainable {

        DrainableBytes(byte[] bytes) {
            super(bytes);
        }

        @Override
        public int drainTo(OutputStream target) throws IOException {
            int drained = count - pos;
            target.write(buf, pos, drained);
            pos = count;
            return drained;
        }
    }
}
