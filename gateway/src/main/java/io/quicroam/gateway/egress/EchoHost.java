package io.quicroam.gateway.egress;

import io.netty.buffer.ByteBuf;
import io.quicroam.masque.ip.IcmpView;
import io.quicroam.masque.ip.InternetChecksum;
import io.quicroam.masque.ip.IpPacket;
import io.quicroam.masque.ip.UdpView;
import io.quicroam.packetio.PacketIo;
import io.quicroam.packetio.PacketIoStats;
import io.quicroam.packetio.PacketSink;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory stand-in for the Internet behind the gateway, for tests, demos and the simulator: it answers
 * ICMP and ICMPv6 echo requests and echoes UDP datagrams back with addresses and ports swapped, from every
 * destination address. Everything else is counted
 * and dropped, like a packet to a host that does not answer. Answers are delivered on the writer's thread.
 */
public final class EchoHost implements PacketIo {
    private volatile PacketSink sink;
    private boolean started;
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong answeredBytes = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong receivedBytes = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();

    /**
     * Answers for one gateway only, once (as {@link PacketIo#start} says): a second gateway started on the same host
     * used to take the answers over without a word, and its close ended them, so the first gateway's clients heard
     * nothing back while it looked healthy.
     */
    @Override
    public synchronized void start(PacketSink sink) {
        if (started) {
            throw new IllegalStateException("echo is already started or closed (one gateway per EchoHost)");
        }
        started = true;
        this.sink = sink;
    }

    @Override
    public boolean write(ByteBuf packet) {
        received.incrementAndGet();
        receivedBytes.addAndGet(packet.readableBytes());
        PacketSink target = sink;
        if (target == null || !answer(packet)) {
            packet.release();
            ignored.incrementAndGet();
            return true; // taken, like a packet to a host that does not answer
        }
        answered.incrementAndGet();
        answeredBytes.addAndGet(packet.readableBytes());
        target.accept(packet);
        return true;
    }

    /** Turns the request into its answer in place; false if it is not something we echo. */
    private static boolean answer(ByteBuf packet) {
        if (IpPacket.isNonInitialFragment(packet)) {
            return false;
        }
        int offset = packet.readerIndex() + IpPacket.upperLayerOffset(packet);
        if (IcmpView.isIcmp(packet) && IcmpView.isEchoRequest(packet)) {
            boolean v4 = IpPacket.version(packet) == 4;
            packet.setByte(offset, v4 ? IcmpView.V4_ECHO_REPLY : IcmpView.V6_ECHO_REPLY); // RFC 792, RFC 4443 §4.2
        } else if (UdpView.isUdp(packet)) {
            int sourcePort = packet.getUnsignedShort(offset);
            packet.setShort(offset, packet.getUnsignedShort(offset + 2));
            packet.setShort(offset + 2, sourcePort);
        } else {
            return false;
        }
        IpPacket.swapAddresses(packet);
        InternetChecksum.updateTransport(packet);
        return true;
    }

    /** Read = answers sent back; written = requests taken; write drops = requests it does not answer. */
    @Override
    public PacketIoStats stats() {
        return new PacketIoStats(
                answered.get(),
                answeredBytes.get(),
                0,
                received.get() - ignored.get(),
                receivedBytes.get(),
                ignored.get());
    }

    @Override
    public int mtu() {
        return 65535;
    }

    @Override
    public String name() {
        return "echo";
    }

    @Override
    public synchronized void close() {
        started = true;
        sink = null;
    }
}
