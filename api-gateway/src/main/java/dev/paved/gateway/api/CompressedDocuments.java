package dev.paved.gateway.api;

import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import dev.paved.api.catalog.v1.CatalogServiceGrpc;
import dev.paved.api.provisioning.v1.DeploymentServiceGrpc;
import dev.paved.api.provisioning.v1.GoldenPathServiceGrpc;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import io.quarkus.grpc.GlobalInterceptor;

/**
 * Sends the calls that carry a client's documents gzip-compressed: catalog ingests and entity
 * replacements, deployments and golden path registrations. Such a call carries up to megabytes of
 * text that compresses about tenfold, so it crosses the network between the gateway and the service
 * in a tenth of the bytes; the other calls are small and go as they are.
 */
@GlobalInterceptor
@ApplicationScoped
public class CompressedDocuments implements ClientInterceptor {

    private static final String COMPRESSION = "gzip";
    private static final Set<String> DOCUMENT_METHODS = Set.of(
            CatalogServiceGrpc.getUpsertMethod().getFullMethodName(),
            CatalogServiceGrpc.getReplaceEntityMethod().getFullMethodName(),
            DeploymentServiceGrpc.getDeployMethod().getFullMethodName(),
            GoldenPathServiceGrpc.getRegisterGoldenPathVersionMethod().getFullMethodName());

    @Override
    public <ReqT, RespT> ClientCall<ReqT, RespT> interceptCall(MethodDescriptor<ReqT, RespT> method,
            CallOptions callOptions, Channel next) {
        if (DOCUMENT_METHODS.contains(method.getFullMethodName())) {
            return next.newCall(method, callOptions.withCompression(COMPRESSION));
        }
        return next.newCall(method, callOptions);
    }
}
