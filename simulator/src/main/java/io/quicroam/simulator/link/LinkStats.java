package io.quicroam.simulator.link;

import java.util.Objects;

/** A snapshot of a link: its state, its NAT binding generation and each direction's counters. */
public record LinkStats(String link, LinkState state, int binding, DirectionStats uplink, DirectionStats downlink) {

    public LinkStats {
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(uplink, "uplink");
        Objects.requireNonNull(downlink, "downlink");
    }

    public DirectionStats direction(Direction direction) {
        return direction == Direction.UPLINK ? uplink : downlink;
    }
}
