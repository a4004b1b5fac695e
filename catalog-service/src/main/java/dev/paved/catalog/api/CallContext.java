package dev.paved.catalog.api;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

/**
 * Answers of calls served on an event loop that may finish on a worker thread (a database read).
 * Emitted on the worker, the answer reaches gRPC there, which hands the response headers, and then
 * the message and trailers, to the event loop as separate tasks (a wake-up of the event loop each);
 * emitted on the call's own context, the whole response goes out in one task.
 */
final class CallContext {

    private CallContext() {
    }

    /** The answer, delivered on the context of the call being served; call it where the call is served. */
    static <T> Uni<T> answerOnCallContext(Uni<T> answer) {
        Context call = Vertx.currentContext();
        if (call == null) {
            return answer;
        }
        return answer.emitOn(task -> {
            if (Vertx.currentContext() == call) {
                task.run();
            } else {
                call.runOnContext(ignored -> task.run());
            }
        });
    }
}
