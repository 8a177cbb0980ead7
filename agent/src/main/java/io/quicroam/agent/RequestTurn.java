package io.quicroam.agent;

import io.netty.channel.EventLoop;
import java.util.concurrent.CompletableFuture;

/** Sends an attempt's request once its listener allows it ({@link TunnelPath.Listener#mayRequest}). */
final class RequestTurn {
    private RequestTurn() {}

    /**
     * Runs {@code request} on {@code loop} once {@code listener} allows it, or fails {@code result} (which gives the
     * attempt up and closes its connection) if it never will.
     */
    static void await(
            TunnelPath.Listener listener, EventLoop loop, CompletableFuture<TunnelPath> result, Runnable request) {
        listener.mayRequest()
                .whenComplete((ok, refused) -> loop.execute(() -> {
                    if (refused != null) {
                        result.completeExceptionally(refused);
                    } else if (!result.isDone()) {
                        request.run();
                    }
                }));
    }
}
