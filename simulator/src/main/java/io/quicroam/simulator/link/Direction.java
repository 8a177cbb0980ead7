package io.quicroam.simulator.link;

/** Which way a packet crosses a link: from the agent towards the gateway, or back. */
public enum Direction {
    /** Agent to gateway (mahimahi's "up" trace). */
    UPLINK,
    /** Gateway to agent (mahimahi's "down" trace). */
    DOWNLINK
}
