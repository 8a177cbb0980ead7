package io.quicroam.gateway;

import io.quicroam.pathmanager.time.TimeSource;
import java.time.Duration;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when a session whose paths have all closed ends. A plain session ends with its only stream; an extended
 * one lives on for the grace time after its last path, so a laptop that loses every network for a moment keeps its
 * address.
 */
final class GraceTimer {
    private static final Logger log = LoggerFactory.getLogger(GraceTimer.class);

    private final TimeSource time;
    private final Duration grace;
    private final Consumer<Session> end;

    /** @param end ends a session for good; called on {@code time}'s thread when the grace time runs out */
    GraceTimer(TimeSource time, Duration grace, Consumer<Session> end) {
        this.time = time;
        this.grace = grace;
        this.end = end;
    }

    Duration grace() {
        return grace;
    }

    /** A path of {@code session} ended. A path attached within the grace time calls the timer off. */
    void pathClosed(Session session, SessionPath path) {
        session.detach(path);
        if (session.openPaths() > 0 || session.ended()) {
            return; // still carried, or already ended (its client revoked): nothing to wait for
        }
        if (session.token == null || grace.isZero()) {
            if (session.endIfIdle()) {
                end.accept(session);
            }
            return;
        }
        log.info("session {} has no path left; kept for {} s", session.id, grace.toSeconds());
        session.expireWith(time.schedule(grace, () -> {
            if (session.endIfIdle()) { // atomic with attach: a join cannot slip in between check and end
                end.accept(session);
            }
        }));
    }
}
