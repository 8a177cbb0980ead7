package io.quicroam.simulator.link;

/** Receives what a {@link Link} delivers, per direction, in order, each packet with the time it was due. */
@FunctionalInterface
public interface LinkSink {
    void deliver(Direction direction, long atNanos, byte[] packet);
}
