package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * lossy-uplink in migrate mode (#13): quicroam's gateway failed the connection in one run of two or three, when the
 * one PATH_RESPONSE for the new path was lost on the lossy uplink. Right after a move the small packets go twice;
 * nothing else does, and nothing after the window.
 */
class FreshPathCopiesTest {
    private static final long MS = 1_000_000L;

    private final AtomicLong now = new AtomicLong(5_000 * MS);
    private final FreshPathCopies copies = new FreshPathCopies(now::get);

    @Test
    void smallPacketsGoTwiceForASecondAfterAMoveOnly() {
        assertThat(copies.copy(40)).as("before any move").isFalse();

        copies.moved();
        assertThat(copies.copy(40))
                .as("an ACK or PATH_RESPONSE right after the move")
                .isTrue();
        assertThat(copies.copy(FreshPathCopies.SMALL_BYTES)).isTrue();
        assertThat(copies.copy(FreshPathCopies.SMALL_BYTES + 1))
                .as("a packet of user data")
                .isFalse();
        now.addAndGet(999 * MS);
        assertThat(copies.copy(40)).as("within the second").isTrue();
        now.addAndGet(2 * MS);
        assertThat(copies.copy(40)).as("after it").isFalse();

        copies.moved();
        assertThat(copies.copy(40)).as("the next move opens a new window").isTrue();
    }
}
