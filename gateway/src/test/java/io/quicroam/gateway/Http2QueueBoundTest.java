package io.quicroam.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.quicroam.masque.HttpDatagram;
import io.quicroam.masque.capsule.AddressAssign;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.ip.IpPacketBuilder;
import io.quicroam.transport.DropReason;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * TCP in TCP: downlink to an HTTP/2 client that reads slower than the gateway sends waits in a short queue, and what
 * does not fit is dropped and counted (drop-tail) instead of piling up for seconds; the tunnel stays open.
 */
class Http2QueueBoundTest {
    /**
     * Answers of 1.3 KB: 1.3 MB, far more than the client's receive window (64 KiB, it sends no WINDOW_UPDATE while it
     * does not read) and the queue take, and less than the gateway's window (4 MiB), so they all go up.
     */
    private static final int PINGS = 1_000;

    @Test
    void aClientThatStopsReadingCostsDroppedPacketsNotAConnectionOrMemory() throws Exception {
        try (GatewayOnLoopback gateway = GatewayOnLoopback.start(List.of(IpPrefix.parse("0.0.0.0/0")), false);
                H2TestClient client = new H2TestClient(gateway)) {
            TestTunnel tunnel = client.connectIp(gateway.authority, "/ip/*/*/");
            assertThat(tunnel.status()).isEqualTo("200");
            InetAddress self = tunnel.next(AddressAssign.class).addresses().stream()
                    .filter(a -> !a.prefix().isIpv6())
                    .findFirst()
                    .orElseThrow()
                    .prefix()
                    .address();
            InetAddress far = InetAddress.getByName("198.51.100.1");
            client.reading(false);
            for (int seq = 0; seq < PINGS; seq++) {
                tunnel.datagram(
                        HttpDatagram.IP_PACKET_CONTEXT_ID,
                        IpPacketBuilder.icmpEcho(self, far, 1, seq & 0xffff, new byte[1300], false));
            }
            long deadline = System.nanoTime() + 20_000_000_000L;
            while (gateway.metrics().downlinkPackets.count() < PINGS && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            assertThat(gateway.metrics().downlinkPackets.count())
                    .as("every ping answered")
                    .isEqualTo(PINGS);
            double dropped = gateway.metrics().drops(DropReason.QUEUE_FULL);
            assertThat(dropped)
                    .as("the answers the stalled client could not take")
                    .isPositive();

            client.reading(true);
            ByteBuf answer;
            int received = 0;
            while ((answer = tunnel.nextDatagram()) != null) {
                answer.release();
                if (++received == PINGS - (int) dropped) {
                    break;
                }
            }
            assertThat(received).as("all that was not dropped arrives").isEqualTo(PINGS - (int) dropped);
            assertThat(client.isOpen()).isTrue();
        }
    }
}
