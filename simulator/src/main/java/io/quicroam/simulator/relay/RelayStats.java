package io.quicroam.simulator.relay;

import io.quicroam.simulator.link.LinkStats;
import java.util.Objects;

/**
 * A relayed link's counters: the emulated link's, plus what the relay could not hand to the network after the
 * link delivered it: downlink packets before any agent packet taught the relay where the agent is, and sends the
 * OS refused (full socket buffer or an error); and the TCP payload bytes its TCP relay carried each way (HTTP/2
 * paths, which the emulated link's UDP counters do not see).
 */
public record RelayStats(
        LinkStats link, long downlinkWithoutAgent, long sendFailures, long tcpBytesUp, long tcpBytesDown) {
    public RelayStats {
        Objects.requireNonNull(link, "link");
    }
}
