package dev.paved.provisioning.bench;

import org.eclipse.microprofile.config.ConfigProvider;

import dev.paved.provisioning.Provisioning;
import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;

/** A channel of its own to the service's gRPC API, for requests sent at once as the platform admin. */
final class AdminChannel {

    private AdminChannel() {
    }

    static ManagedChannel open() {
        int port = ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
        return ManagedChannelBuilder.forAddress("localhost", port).usePlaintext().build();
    }

    static ClientInterceptor asAdmin() {
        Metadata headers = new Metadata();
        headers.put(Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER), "Bearer " + Provisioning.ADMIN);
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }
}
