package io.quicroam.simulator.link;

/** Availability of an emulated link. Only the edge between {@link #DOWN} and the others is visible to the host. */
public enum LinkState {
    /** Packets pass through the pipeline. */
    UP,
    /** The interface is gone: everything is dropped and the host is told (an interface event). */
    DOWN,
    /** The interface still looks fine to the host, but every packet silently vanishes. */
    BLACKHOLE;

    /** Whether the host sees its interface as present (what an interface event reports). */
    public boolean interfacePresent() {
        return this != DOWN;
    }

    LinkDropReason dropReason() {
        return this == DOWN ? LinkDropReason.DOWN : LinkDropReason.BLACKHOLE;
    }
}
