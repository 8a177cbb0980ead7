package io.quicroam.packetio;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.quicroam.linux.NetworkNamespace;
import io.quicroam.linux.testing.RootOnly;
import io.quicroam.linux.testing.TestNamespace;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.ip.IpAddresses;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A real TUN device in a throw-away namespace: a UDP datagram sent by a socket comes out of the
 * TUN as an IP packet, and a packet written into the TUN reaches the socket.
 */
class TunKernelTest {

    private static final int MTU = 1400;
    private static final int REMOTE_PORT = 9999;
    // The kernel may send its own packets (e.g. IPv6 router solicitations): look past a few.
    private static final int MAX_PACKETS_INSPECTED = 50;

    @BeforeEach
    void needsRoot() {
        RootOnly.requireTun();
    }

    @Test
    void ipv4UdpRoundTrip() throws Exception {
        roundTrip("100.64.0.2", "100.64.0.9", "100.64.0.0/24");
    }

    @Test
    void ipv6UdpRoundTrip() throws Exception {
        roundTrip("fd7a:5152::2", "fd7a:5152::9", "fd7a:5152::/64");
    }

    private void roundTrip(String localText, String remoteText, String route) throws Exception {
        InetAddress local = IpAddresses.parse(localText);
        InetAddress remote = IpAddresses.parse(remoteText);
        try (NetworkNamespace ns = TestNamespace.create();
                TunDevice device = TunDevice.open("qr%d", ns);
                TunPacketIo io = new TunPacketIo(device, MTU)) {
            TunConfigurator.of(device).apply(new DeviceSettings(MTU, List.of(local), List.of(IpPrefix.parse(route))));
            assertThat(new TunConfigurator(ns, io.name()).currentMtu()).isEqualTo(MTU);

            BlockingQueue<byte[]> fromTun = new LinkedBlockingQueue<>();
            io.start(packet -> {
                fromTun.add(ByteBufUtil.getBytes(packet));
                packet.release();
            });

            try (DatagramSocket socket = ns.call(() -> new DatagramSocket(new InetSocketAddress(local, 0)))) {
                socket.setSoTimeout(10_000);
                byte[] hello = "hello through the tunnel".getBytes(StandardCharsets.US_ASCII);
                socket.send(new DatagramPacket(hello, hello.length, new InetSocketAddress(remote, REMOTE_PORT)));

                UdpPackets.View out = awaitUdpTo(fromTun, remote);
                assertThat(out.version()).isEqualTo(local.getAddress().length == 4 ? 4 : 6);
                assertThat(out.protocol()).isEqualTo(UdpPackets.PROTOCOL_UDP);
                assertThat(out.source()).isEqualTo(local);
                assertThat(out.destination()).isEqualTo(remote);
                assertThat(out.sourcePort()).isEqualTo(socket.getLocalPort());
                assertThat(out.payload()).isEqualTo(hello);
                assertThat(UdpPackets.udpChecksumValid(out.packet()))
                        .as("kernel's UDP checksum")
                        .isTrue();

                // Replies written from a heap buffer (copied) and from a pooled direct one (not copied).
                byte[] reply = UdpPackets.udp(
                        remote,
                        REMOTE_PORT,
                        local,
                        socket.getLocalPort(),
                        "reply one".getBytes(StandardCharsets.US_ASCII));
                assertThat(io.write(Unpooled.wrappedBuffer(reply))).isTrue();
                assertReceived(socket, remote, "reply one");

                byte[] reply2 = UdpPackets.udp(
                        remote,
                        REMOTE_PORT,
                        local,
                        socket.getLocalPort(),
                        "reply two".getBytes(StandardCharsets.US_ASCII));
                ByteBuf direct = PooledByteBufAllocator.DEFAULT.directBuffer(reply2.length);
                direct.writeBytes(reply2);
                assertThat(io.write(direct)).isTrue();
                assertThat(direct.refCnt()).as("write released the buffer").isZero();
                assertReceived(socket, remote, "reply two");
            }
            PacketIoStats stats = io.stats();
            assertThat(stats.writtenPackets()).isEqualTo(2);
            assertThat(stats.writeDrops()).isZero();
            assertThat(stats.readPackets()).isPositive();
        }
    }

    private static UdpPackets.View awaitUdpTo(BlockingQueue<byte[]> fromTun, InetAddress remote)
            throws InterruptedException {
        for (int i = 0; i < MAX_PACKETS_INSPECTED; i++) {
            byte[] packet = fromTun.poll(10, TimeUnit.SECONDS);
            assertThat(packet).as("a packet from the TUN within 10 s").isNotNull();
            UdpPackets.View view = new UdpPackets.View(packet);
            if (view.protocol() == UdpPackets.PROTOCOL_UDP
                    && view.destination().equals(remote)
                    && view.destinationPort() == REMOTE_PORT) {
                return view;
            }
        }
        throw new AssertionError("no UDP packet to " + remote + " among " + MAX_PACKETS_INSPECTED);
    }

    private static void assertReceived(DatagramSocket socket, InetAddress remote, String text) throws Exception {
        DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
        socket.receive(in);
        assertThat(in.getAddress()).isEqualTo(remote);
        assertThat(in.getPort()).isEqualTo(REMOTE_PORT);
        assertThat(new String(Arrays.copyOf(in.getData(), in.getLength()), StandardCharsets.US_ASCII))
                .isEqualTo(text);
    }
}
