package io.quicroam.simulator.link;

/**
 * Receives what a {@link LinkDirection} delivers, in delivery order, with the time each packet was due. When the
 * driver advances late, several packets arrive at once, each still with its own due time.
 */
@FunctionalInterface
public interface DeliverySink {
    void deliver(long atNanos, byte[] packet);
}
