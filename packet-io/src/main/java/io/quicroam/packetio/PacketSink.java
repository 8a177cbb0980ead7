package io.quicroam.packetio;

import io.netty.buffer.ByteBuf;
import java.io.IOException;

/**
 * Receives the IP packets a {@link PacketIo} reads. Called from one thread at a time, in the
 * order the packets were read (which thread: see the implementation).
 */
@FunctionalInterface
public interface PacketSink {

    /**
     * One IP packet, from its reader index to its writer index. Ownership passes to the sink,
     * which must release the buffer (or pass it on to something that will). Should not block: it
     * holds up the packets behind it.
     */
    void accept(ByteBuf packet);

    /**
     * Reading stopped for good because of {@code cause}, not because of a close: e.g. the TUN
     * device was deleted under us. Called once, after the last {@link #accept}.
     */
    default void failed(IOException cause) {}
}
