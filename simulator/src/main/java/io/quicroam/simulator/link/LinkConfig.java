package io.quicroam.simulator.link;

import java.util.Objects;

/** A named emulated link (one simulated interface) and the configuration of each of its directions. */
public record LinkConfig(String name, DirectionConfig uplink, DirectionConfig downlink) {

    public LinkConfig {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a link needs a name");
        }
        Objects.requireNonNull(uplink, "uplink");
        Objects.requireNonNull(downlink, "downlink");
    }

    /** The same configuration both ways. */
    public static LinkConfig symmetric(String name, DirectionConfig both) {
        return new LinkConfig(name, both, both);
    }

    public DirectionConfig direction(Direction direction) {
        return direction == Direction.UPLINK ? uplink : downlink;
    }
}
