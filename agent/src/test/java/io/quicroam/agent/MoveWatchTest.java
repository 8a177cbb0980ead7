package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.pathmanager.time.VirtualTime;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue #13, captive-wifi in migrate mode: the connection moved onto the Wi-Fi, whose network went silent before the
 * proxy's first packet there. The move's deadline passed, the proxy was blamed, migration was given up for good and
 * the session stayed on the dead Wi-Fi for 20 s. On virtual time, the exact order of events of that run.
 */
class MoveWatchTest {
    private final VirtualTime time = new VirtualTime();
    private final MoveWatch moves = new MoveWatch(time);
    private final List<String> asked = new ArrayList<>();
    private final List<String> blamed = new ArrayList<>();
    private final List<Integer> inARow = new ArrayList<>();

    private void moveTo(String name) {
        moves.moved(name);
        moves.expire(name, MoveWatch.MIN, () -> asked.add(name), n -> {
            blamed.add(name);
            inARow.add(n);
        });
    }

    @Test
    void aNetworkThatWentSilentAfterTheMoveIsNotBlamedOnTheProxy() {
        moveTo("wifi");
        time.advance(Duration.ofMillis(760)); // nothing heard: the Wi-Fi blackholed right after the move
        assertThat(asked).as("its network is asked for proof of life").containsExactly("wifi");

        time.advance(Duration.ofSeconds(3)); // the light connection hears nothing either
        moveTo("lte"); // the path manager moves on, the LTE answers at once
        moves.heard("lte");
        time.advance(Duration.ofSeconds(5));
        moves.networkHeard("wifi"); // a late answer from the Wi-Fi's light connection concerns an old move

        assertThat(blamed).as("proxies blamed for not following").isEmpty();
    }

    @Test
    void aNetworkThatPassesTheProxysPacketsConvictsTheProxy() {
        moveTo("lte");
        time.advance(Duration.ofMillis(760));
        moves.networkHeard("lte"); // the light connection on the same network hears the proxy

        assertThat(blamed).containsExactly("lte");
        moves.networkHeard("lte");
        assertThat(blamed).as("once").hasSize(1);
    }

    @Test
    void theMovedConnectionHeardLateClearsTheDoubt() {
        moveTo("wifi");
        time.advance(Duration.ofMillis(760));
        moves.heard("wifi");
        moves.networkHeard("wifi");

        assertThat(blamed).isEmpty();
    }

    /**
     * lossy-uplink, migrate: our gateway's quiche dropped the connection when the Wi-Fi path's validation failed, and
     * the agent took it for a proxy that cannot follow and gave up migrating for the rest of the run (310 of 1000 lost
     * on the lossy Wi-Fi). A lost connection looks the same; only a repeat, with no followed move between, is the
     * proxy's pattern.
     */
    @Test
    void onlyASecondUnfollowedMoveInARowIsAPattern() {
        moveTo("wifi");
        time.advance(Duration.ofMillis(760));
        moves.networkHeard("wifi");
        assertThat(inARow).as("the first").containsExactly(1);

        moveTo("lte"); // the next connection's moves are followed
        moves.heard("lte");
        moveTo("wifi");
        time.advance(Duration.ofMillis(760));
        moves.networkHeard("wifi");
        assertThat(inARow).as("a followed move between: the first again").containsExactly(1, 1);

        moveTo("lte"); // not followed either
        time.advance(Duration.ofMillis(760));
        moves.networkHeard("lte");
        assertThat(inARow).as("two in a row").containsExactly(1, 1, 2);
    }
}
