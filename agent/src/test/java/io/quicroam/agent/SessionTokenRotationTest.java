package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The gateway answers every join with a fresh session token: the agent joins with the newest, and counts no reset. */
class SessionTokenRotationTest {
    private final Session session = new Session(List.of());

    @Test
    void aJoinAnsweredWithAFreshTokenIsTheSameSessionAndTheNextJoinPresentsIt() {
        assertThat(session.opened(null, "t1"))
                .as("the first path opens the session")
                .isTrue();
        assertThat(session.opened("t1", "t2"))
                .as("a join, answered with a rotated token")
                .isFalse();
        assertThat(session.token()).isEqualTo("t2");
        assertThat(session.opened("t1", "t3"))
                .as("a join opened with the older token before t2 arrived, still within the gateway's overlap")
                .isFalse();
        assertThat(session.token()).as("the newest answer").isEqualTo("t3");
        assertThat(session.resets()).isZero();
    }

    @Test
    void aPathThatDidNotJoinStartsANewSession() {
        session.opened(null, "t1");
        session.opened("t1", "t2");
        session.forget(); // a join was refused with 403
        assertThat(session.token()).isNull();
        assertThat(session.opened(null, "t9")).isTrue();
        assertThat(session.resets()).isEqualTo(1);
        assertThat(session.opened("t2", "t10"))
                .as("a late join into the session that was replaced")
                .isTrue();
        assertThat(session.resets()).isEqualTo(2);
    }
}
