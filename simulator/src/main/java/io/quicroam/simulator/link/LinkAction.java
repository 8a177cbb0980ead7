package io.quicroam.simulator.link;

import java.time.Duration;
import java.util.Objects;

/**
 * Something that happens to a link at a point of a scenario's timeline; see {@link Link#apply} and
 * {@link Link#schedule}. Immutable values, so a timeline can be built, stored and replayed.
 */
public sealed interface LinkAction
        permits LinkAction.Up,
                LinkAction.Down,
                LinkAction.Blackhole,
                LinkAction.Fade,
                LinkAction.Rebind,
                LinkAction.SetRate,
                LinkAction.BlockUdp {

    /** The link carries traffic again; if it was down, the host sees its interface come back (an event). */
    record Up() implements LinkAction {}

    /** The interface goes away: the host is told (an event) and everything on the link is dropped. */
    record Down() implements LinkAction {}

    /** Packets silently vanish both ways; the host is not told and its interface looks fine. */
    record Blackhole() implements LinkAction {}

    /** Rate and/or loss of each direction move linearly to their targets over {@code over}. */
    record Fade(Duration over, FadeTarget uplink, FadeTarget downlink) implements LinkAction {
        public Fade {
            Objects.requireNonNull(over, "over");
            if (over.isNegative()) {
                throw new IllegalArgumentException("fade duration must be >= 0, got " + over);
            }
            Objects.requireNonNull(uplink, "uplink");
            Objects.requireNonNull(downlink, "downlink");
        }

        public FadeTarget target(Direction direction) {
            return direction == Direction.UPLINK ? uplink : downlink;
        }
    }

    /**
     * The NAT in front of the link forgets its mapping: the far side sees the link's traffic from a new source
     * port (or a new address), and what it sends to the old one is dropped.
     */
    record Rebind(Kind kind) implements LinkAction {
        /** What changes in the source address the far side sees. */
        public enum Kind {
            NEW_PORT,
            NEW_ADDRESS
        }

        public Rebind {
            Objects.requireNonNull(kind, "kind");
        }
    }

    /** Replaces one direction's rate stage, e.g. swaps in another trace (which starts at its first line). */
    record SetRate(Direction direction, RateModel rate) implements LinkAction {
        public SetRate {
            Objects.requireNonNull(direction, "direction");
            Objects.requireNonNull(rate, "rate");
        }
    }

    /**
     * A firewall on the link starts ({@code blocked}) or stops dropping UDP, silently, as hotel and corporate Wi-Fi
     * do: datagrams vanish both ways while TCP (an HTTP/2 path) still passes. The interface looks fine.
     */
    record BlockUdp(boolean blocked) implements LinkAction {}

    static LinkAction up() {
        return new Up();
    }

    static LinkAction down() {
        return new Down();
    }

    static LinkAction blackhole() {
        return new Blackhole();
    }

    /** The same fade both ways. */
    static LinkAction fade(Duration over, FadeTarget both) {
        return new Fade(over, both, both);
    }

    static LinkAction rebindPort() {
        return new Rebind(Rebind.Kind.NEW_PORT);
    }

    static LinkAction rebindAddress() {
        return new Rebind(Rebind.Kind.NEW_ADDRESS);
    }

    static LinkAction swapTrace(Direction direction, MahimahiTrace trace) {
        return new SetRate(direction, new RateModel.TraceRate(trace));
    }
}
