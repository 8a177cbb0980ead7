package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.quicroam.gateway.GatewayMetrics;
import io.quicroam.masque.ip.IpPacketBuilder;
import io.quicroam.packetio.InMemoryPacketIo;
import io.quicroam.packetio.PacketIo;
import io.quicroam.testkit.LocalGateway;
import io.quicroam.testkit.LoopbackRig;
import io.quicroam.transport.DropReason;
import java.net.InetAddress;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/**
 * A tunnel given far more than QUIC's congestion window lets out: 1350-byte packets from the device as fast as one
 * thread can hand them over, through agent, QUIC on loopback and gateway, into an egress that counts them. Every
 * packet is delivered or counted as a drop somewhere on the way. Before quiche's answer was read (netty discards what
 * quiche's full datagram queue refuses and reports it sent) ~80 % vanished here uncounted (5 746 of 30 000 delivered,
 * 0 counted). A packet the kernel dropped at the gateway's socket is counted there, one per 1350-byte packet. Not
 * counted: what waited in quiche's queue when the path manager closed the connection (see the assertion).
 */
class TunnelOverloadTest {
    private static final int PACKETS = 30_000;
    private static final int SIZE = 1350;
    /** quiche's DATAGRAM send queue ({@code QuicTuning.SEND_QUEUE}). */
    private static final long QUIC_QUEUE = 4096;
    /** Probes dropped in the same queues during the test, counted with the rest: far more than ever seen (39). */
    private static final long PROBES = 200;

    @Test
    void everyPacketSentIsDeliveredOrCountedAsADrop() throws Exception {
        LongAdder delivered = new LongAdder();
        InMemoryPacketIo egress = new InMemoryPacketIo("egress0", 65535, 16);
        egress.onWrite(packet -> {
            delivered.increment();
            packet.release();
        });
        try (LoopbackRig rig = LoopbackRig.withGateway(
                        LocalGateway.Options.defaults().withEgress(egress))
                .tunnelMtu(1400)
                .packetIo(new InMemoryPacketIo("mem0", 1500, 16))
                .start()) {
            rig.connect();
            Agent agent = rig.agent();
            GatewayMetrics gateway = rig.gateway().gateway().metrics();
            ByteBuf template = IpPacketBuilder.udp(
                    rig.innerV4(), InetAddress.getByName("198.51.100.1"), 40000, 9, new byte[SIZE - 28]);
            long deliveredBefore = delivered.sum();
            long dropsBefore = drops(agent.metrics()::drops) + drops(gateway::drops);
            long socketDropsBefore = gateway.udpReceiveDrops();

            for (int i = 0; i < PACKETS; i++) {
                ByteBuf packet = PooledByteBufAllocator.DEFAULT.directBuffer(SIZE + PacketIo.HEADROOM);
                packet.writerIndex(PacketIo.HEADROOM).readerIndex(PacketIo.HEADROOM); // as a TUN reader leaves it
                packet.writeBytes(template, template.readerIndex(), template.readableBytes());
                rig.io().inject(packet);
            }
            template.release();
            long accounted = -1;
            for (int wait = 0; wait < 50; wait++) { // until nothing more arrives or is counted (10 s at most)
                Thread.sleep(200);
                long now = delivered.sum() + drops(agent.metrics()::drops) + drops(gateway::drops);
                if (now == accounted) {
                    break;
                }
                accounted = now;
            }
            long arrived = delivered.sum() - deliveredBefore;
            long counted = drops(agent.metrics()::drops) + drops(gateway::drops) - dropsBefore;
            long socketDrops = gateway.udpReceiveDrops() - socketDropsBefore;

            // Beyond the counted drops nothing may be lost but what the gateway's socket dropped, and, when the path
            // manager replaced the connection (its probes wait and are dropped in the same queue, so an overloaded
            // path looks dead: seen in about half the runs), what still waited in quiche's queue, which netty does
            // not expose. Fewer may be: a probe dropped in the queues is counted too (a few dozen a second).
            boolean replaced = agent.metrics().drops(DropReason.NO_PATH) > 0;
            assertThat(PACKETS - arrived - counted)
                    .as(
                            "lost beyond the counted drops (delivered %d, counted %d: %s at QUIC's queue, %s at ours; "
                                    + "%s without a connection)",
                            arrived,
                            counted,
                            agent.metrics().drops(DropReason.QUIC_QUEUE_FULL),
                            agent.metrics().drops(DropReason.QUEUE_FULL),
                            agent.metrics().drops(DropReason.NO_PATH))
                    .isBetween(-PROBES, socketDrops + (replaced ? QUIC_QUEUE : 0));
        }
    }

    private static long drops(ToDoubleFunction<DropReason> metrics) {
        double total = 0;
        for (DropReason reason : DropReason.values()) {
            total += metrics.applyAsDouble(reason);
        }
        return (long) total;
    }
}
