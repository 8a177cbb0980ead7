package io.quicroam.masque.ip;

import io.netty.buffer.ByteBuf;

/** Zero-copy accessors for the UDP datagram (RFC 768) inside an IP packet at a buffer's reader index. */
public final class UdpView {

    private static final int HEADER = 8;

    private UdpView() {}

    /**
     * Whether the packet is well-formed IP carrying a whole, unfragmented UDP datagram whose Length
     * field matches the bytes the IP header says follow it. The other accessors require this.
     */
    public static boolean isUdp(ByteBuf p) {
        if (IpPacket.malformedReason(p) != null
                || IpPacket.upperLayerProtocol(p) != IpProtocol.UDP
                || IpPacket.isNonInitialFragment(p)) {
            return false;
        }
        int available = IpPacket.totalLength(p) - IpPacket.upperLayerOffset(p);
        return available >= HEADER && p.getUnsignedShort(start(p) + 4) == available;
    }

    public static int sourcePort(ByteBuf p) {
        return p.getUnsignedShort(start(p));
    }

    public static int destinationPort(ByteBuf p) {
        return p.getUnsignedShort(start(p) + 2);
    }

    /** The UDP payload as a slice sharing the packet's memory and reference count. */
    public static ByteBuf payload(ByteBuf p) {
        int start = start(p);
        return p.slice(start + HEADER, p.getUnsignedShort(start + 4) - HEADER);
    }

    private static int start(ByteBuf p) {
        return p.readerIndex() + IpPacket.upperLayerOffset(p);
    }
}
