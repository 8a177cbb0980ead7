package io.quicroam.agent;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Which of the connection's packets {@link Migration} sends twice right after a move: the small ones (ACK-only,
 * PATH_RESPONSE, PING, a few tens of bytes), for a second. Those are what the proxy's validation of the new path
 * (RFC 9000 §8.2, §9.3) waits for: its PATH_CHALLENGE comes one RTT after the move, our PATH_RESPONSE goes once and
 * is never retransmitted (§8.2.2: a new challenge is needed), and until the path is validated the proxy may send
 * only three times what it received there (§8.1). On a lossy uplink one lost PATH_RESPONSE was enough for quiche, as a
 * server, to fail the validation at its first probe timeout, the amplification budget spent, and with it the
 * connection (#13, lossy-uplink in migrate mode: a session reset in one run of two or three). A copy halves the odds
 * in Bernoulli loss; the cost is a few hundred bytes per move. Copies go back to back: a loss burst longer than a
 * packet takes both.
 *
 * <p>Threads: {@link #moved} on the path manager's thread, {@link #copy} on the event loop.
 */
final class FreshPathCopies {
    /** One RTT for the challenge, then the proxy's first probe timeout, on a network of up to ~300 ms RTT. */
    static final Duration WINDOW = Duration.ofSeconds(1);
    /** Above an ACK with a few ranges, a PATH_RESPONSE or a PING with their headers; below a packet of user data. */
    static final int SMALL_BYTES = 128;

    private final LongSupplier nanoClock;
    private volatile long untilNanos;
    private volatile boolean open;

    FreshPathCopies(LongSupplier nanoClock) {
        this.nanoClock = nanoClock;
    }

    /** The connection's packets leave through another interface from now on. */
    void moved() {
        untilNanos = nanoClock.getAsLong() + WINDOW.toNanos();
        open = true;
    }

    /** Whether a datagram of {@code bytes} leaving now goes twice. */
    boolean copy(int bytes) {
        if (!open || bytes > SMALL_BYTES) {
            return false;
        }
        if (nanoClock.getAsLong() - untilNanos < 0) {
            return true;
        }
        open = false;
        return false;
    }
}
