package io.quicroam.agent;

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
    private final List<AgentListener> listeners;
    private final AtomicLong resets = new AtomicLong();
    private volatile String token;
    private long started;

    Session(List<AgentListener> listeners) {
        this.listeners = listeners;
    }

    /** The session's token, or null: none yet, or the proxy does not speak the extension. */
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
    }

    /**
     * A path opened carrying {@code pathToken}'s session. A token other than ours is a new session; every new
     * session after the first is a reset, told to the listeners.
     *
     * @return whether the path started a new session
     */
    boolean opened(String pathToken) {
        boolean newSession = pathToken == null || !pathToken.equals(token);
        if (newSession && started++ > 0) {
            resets.incrementAndGet();
            listeners.forEach(AgentListener::onSessionReset);
        }
        if (pathToken != null) {
            token = pathToken;
        }
        return newSession;
    }

    long resets() {
        return resets.get();
    }
}
