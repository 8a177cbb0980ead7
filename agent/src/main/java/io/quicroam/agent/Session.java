package io.quicroam.agent;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The CONNECT-IP session the paths carry: the token quicroam's gateway gave it (docs/extension.md; none from a stock
 * RFC 9484 proxy) and how often a new session replaced the previous one.
 *
 * <p>Threads: written on the path manager's thread; the token is read by the packet path (volatile), the reset
 * count by anyone.
 */
final class Session {
    /** More than the joins that can be on their way at once (one per interface). */
    private static final int REMEMBERED_TOKENS = 16;

    private final List<AgentListener> listeners;
    private final AtomicLong resets = new AtomicLong();
    private volatile String token;
    /**
     * The tokens the gateway gave this session, newest first: it rotates the token with every join
     * (docs/extension.md), and joins opened with an older one may still complete after a newer one arrived.
     */
    private final Deque<String> tokens = new ArrayDeque<>();

    private long started;

    Session(List<AgentListener> listeners) {
        this.listeners = listeners;
    }

    /**
     * The session's newest token, the one the next join presents, or null: none yet, or the proxy does not speak the
     * extension.
     */
    String token() {
        return token;
    }

    /** Whether the gateway speaks quicroam's extension for this session (sequenced copies, probe echoes). */
    boolean extended() {
        return token != null;
    }

    /** The next path starts a new session. */
    void forget() {
        token = null;
        tokens.clear();
    }

    /**
     * A path opened with the answer's {@code pathToken}. It joined this session if it asked to with one of this
     * session's tokens ({@code joinedWith}, which the gateway accepted or it would have refused the path); anything
     * else is a new session, and every new session after the first is a reset, told to the listeners. The answer's
     * token becomes the one the next join presents.
     *
     * @param joinedWith the token the path's request joined with, or null for a request that opened a session
     * @return whether the path started a new session
     */
    boolean opened(String joinedWith, String pathToken) {
        boolean joined = pathToken != null && joinedWith != null && tokens.contains(joinedWith);
        if (!joined) {
            tokens.clear();
            if (started++ > 0) {
                resets.incrementAndGet();
                listeners.forEach(AgentListener::onSessionReset);
            }
        }
        if (pathToken != null) {
            tokens.addFirst(pathToken);
            while (tokens.size() > REMEMBERED_TOKENS) {
                tokens.removeLast();
            }
        }
        token = pathToken != null ? pathToken : joined ? token : null;
        return !joined;
    }

    long resets() {
        return resets.get();
    }
}
