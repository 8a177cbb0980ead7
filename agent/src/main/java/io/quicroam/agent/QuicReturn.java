package io.quicroam.agent;

import io.netty.handler.codec.quic.QuicChannel;
import io.quicroam.pathmanager.time.Cancellable;
import io.quicroam.pathmanager.time.TimeSource;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Moves an {@code auto} interface's path back to QUIC once its network lets UDP through again: while the path runs
 * over HTTP/2, a QUIC handshake to the proxy (no request, no address: {@link ConnectIpClient#openLight}) is tried
 * from the same interface, waiting 1 s, then doubling up to 30 s, between tries; the first that completes has the
 * path reopened, into the same session, where QUIC now wins the race ({@link PathOpener}).
 *
 * <p>Threads: the path manager's thread (its {@link TimeSource}); the handshakes' results hop onto it.
 */
final class QuicReturn {
    static final Duration FIRST = Duration.ofSeconds(1);
    static final Duration MAX = Duration.ofSeconds(30);

    /** Tries a QUIC handshake from a path's interface; completes when it finished (the caller closes it). */
    @FunctionalInterface
    interface Handshake {
        CompletableFuture<QuicChannel> from(AgentPath path);
    }

    private final TimeSource time;
    private final Handshake handshake;
    private final Consumer<AgentPath> reopen;
    private final Map<AgentPath, Cancellable> pending = new HashMap<>();

    /** @param reopen closes the path and opens it again (the session lives on) */
    QuicReturn(TimeSource time, Handshake handshake, Consumer<AgentPath> reopen) {
        this.time = time;
        this.handshake = handshake;
        this.reopen = reopen;
    }

    /** {@code path} opened over HTTP/2 on an {@code auto} interface: QUIC is tried behind it. */
    void watch(AgentPath path) {
        schedule(path, FIRST);
    }

    /** {@code path} closed: nothing more to try for it. */
    void forget(AgentPath path) {
        Cancellable next = pending.remove(path);
        if (next != null) {
            next.cancel();
        }
    }

    private void schedule(AgentPath path, Duration wait) {
        pending.put(path, time.schedule(wait, () -> attempt(path, wait)));
    }

    private void attempt(AgentPath path, Duration waited) {
        if (!pending.containsKey(path)) {
            return;
        }
        handshake.from(path).whenComplete((connection, failure) -> {
            if (connection != null) {
                connection.close(); // it only had to prove UDP passes
            }
            time.execute(() -> {
                if (!pending.containsKey(path)) {
                    return; // closed meanwhile
                }
                if (failure == null) {
                    pending.remove(path);
                    reopen.accept(path);
                } else {
                    Duration doubled = waited.multipliedBy(2);
                    schedule(path, doubled.compareTo(MAX) > 0 ? MAX : doubled);
                }
            });
        });
    }
}
