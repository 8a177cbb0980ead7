package io.quicroam.packetio;

/**
 * Counters of a {@link PacketIo}, a snapshot.
 *
 * @param readPackets packets handed to the sink
 * @param readBytes their bytes
 * @param readDrops packets read but not handed to the sink (truncated, backlog full, closed)
 * @param writtenPackets packets written
 * @param writtenBytes their bytes
 * @param writeDrops packets given to {@link PacketIo#write} that were not written
 */
public record PacketIoStats(
        long readPackets, long readBytes, long readDrops, long writtenPackets, long writtenBytes, long writeDrops) {}
