package io.quicroam.simulator.relay;

import io.quicroam.simulator.link.LinkStats;
import java.util.Objects;

/**
 * A relayed link's counters: the emulated link's, plus what the relay could not hand to the network after the
 * link delivered it: downlink packets before any agent packet taught the relay where the agent is, and sends the
 * OS refused (full socket buffer or an error).
 */
public record RelayStats(LinkStats link, long downlinkWithoutAgent, long sendFailures) {
    public RelayStats {
        Objects.requireNonNull(link, "link");
    }
}
