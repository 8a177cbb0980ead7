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

    private void moveTo(String name) {
        moves.moved(name);
        moves.expire(name, MoveWatch.MIN, () -> asked.add(name), () -> blamed.add(name));
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
}
