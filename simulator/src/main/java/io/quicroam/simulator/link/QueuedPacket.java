package io.quicroam.simulator.link;

/**
 * A packet inside a link direction: the caller's bytes (never copied), the size the link charges for it, and when
 * it entered the direction (for queue delay).
 */
record QueuedPacket(byte[] payload, int wireSize, long arrivalNanos) {}
