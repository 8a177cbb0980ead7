package io.quicroam.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.pathmanager.time.VirtualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class GraceTimerTest {
    private static final Duration GRACE = Duration.ofSeconds(10);

    private final VirtualTime time = new VirtualTime();
    private final List<Session> ended = new ArrayList<>();
    private final GraceTimer timer = new GraceTimer(time, GRACE, ended::add);

    @Test
    void aPlainSessionEndsWithItsOnlyPath() {
        Session session = new Session(1, "alice", null, reason -> {});
        closeOnlyPath(session, timer);
        assertThat(ended).containsExactly(session);
        assertThat(time.pendingTasks()).isZero();
    }

    @Test
    void anExtendedSessionOutlivesItsLastPathForTheGraceTime() {
        Session session = new Session(1, "alice", "token", reason -> {});
        closeOnlyPath(session, timer);
        time.advance(GRACE.minusMillis(1));
        assertThat(ended).as("still within the grace time").isEmpty();
        time.advance(Duration.ofMillis(1));
        assertThat(ended).containsExactly(session);
    }

    @Test
    void aPathAttachedWithinTheGraceTimeCallsTheTimerOff() {
        Session session = new Session(1, "alice", "token", reason -> {});
        closeOnlyPath(session, timer);
        time.advance(GRACE.dividedBy(2));
        session.attach(StubTunnels.tunnel(4, new AtomicBoolean(true)));
        assertThat(time.pendingTasks()).as("the timer was cancelled").isZero();
        time.advance(GRACE.multipliedBy(2));
        assertThat(ended).isEmpty();
    }

    @Test
    void aSessionWithAnotherOpenPathNeedsNoTimer() {
        Session session = new Session(1, "alice", "token", reason -> {});
        session.attach(StubTunnels.tunnel(4, new AtomicBoolean(true)));
        closeOnlyPath(session, timer);
        assertThat(time.pendingTasks()).isZero();
        time.advance(GRACE.multipliedBy(2));
        assertThat(ended).isEmpty();
    }

    @Test
    void withoutAGraceTimeAnExtendedSessionEndsAtOnce() {
        Session session = new Session(1, "alice", "token", reason -> {});
        closeOnlyPath(session, new GraceTimer(time, Duration.ZERO, ended::add));
        assertThat(ended).containsExactly(session);
        assertThat(time.pendingTasks()).isZero();
    }

    /** Attaches a path, closes its stream and tells {@code grace} so, as the request handler does. */
    private static void closeOnlyPath(Session session, GraceTimer grace) {
        AtomicBoolean open = new AtomicBoolean(true);
        SessionPath path = session.attach(StubTunnels.tunnel(0, open));
        open.set(false);
        grace.pathClosed(session, path);
    }
}
