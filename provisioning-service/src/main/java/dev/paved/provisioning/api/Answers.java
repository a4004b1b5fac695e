package dev.paved.provisioning.api;

import java.util.function.Supplier;

import io.smallrye.mutiny.Uni;

/** Runs a blocking call (gRPC methods here run on worker threads) and answers its outcome as a Uni. */
public final class Answers {

    private Answers() {
    }

    public static <T> Uni<T> of(Supplier<T> work) {
        try {
            return Uni.createFrom().item(work.get());
        } catch (RuntimeException failure) {
            return Uni.createFrom().failure(failure);
        }
    }
}
