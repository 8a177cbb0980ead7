package io.quicroam.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quicroam.masque.VarInt;
import io.quicroam.masque.capsule.DatagramCapsule;

/**
 * Receiving HTTP Datagrams that came as DATAGRAM capsules (RFC 9297 §3.5): the payload is the same as a QUIC
 * DATAGRAM frame's after the Quarter Stream ID, so it goes to the same listener as {@link HttpDatagramReceiver}'s.
 * An intermediary may re-encode datagrams this way, so both ends accept them whatever they send themselves.
 */
public final class CapsuleDatagrams {
    private CapsuleDatagrams() {}

    /** Hands the capsule's payload, after its Context ID, to {@code listener}; a malformed one is counted. */
    public static void deliver(
            ByteBufAllocator alloc,
            DatagramCapsule capsule,
            HttpDatagramReceiver.Listener listener,
            DropCounter drops) {
        byte[] payload = capsule.payload();
        ByteBuf in = alloc.directBuffer(payload.length).writeBytes(payload);
        long contextId = VarInt.read(in);
        if (contextId < 0) {
            // RFC 9484 §6: the payload starts with a Context ID; one that cannot be read is dropped.
            in.release();
            drops.dropped(DropReason.MALFORMED_DATAGRAM);
            return;
        }
        listener.onDatagram(contextId, in);
    }
}
