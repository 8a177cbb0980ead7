package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.linux.CommandResult;
import io.quicroam.linux.NetworkNamespace;
import io.quicroam.linux.testing.RootOnly;
import io.quicroam.linux.testing.TestNamespace;
import io.quicroam.packetio.TunDevice;
import io.quicroam.packetio.TunPacketIo;
import io.quicroam.testkit.LocalGateway;
import io.quicroam.testkit.LoopbackRig;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The kernel's own ping and a kernel UDP socket through a real TUN device: the agent's TUN lives in a network
 * namespace this test creates (its QUIC socket stays on the host's loopback, where the gateway listens with the
 * echo egress), so nothing is added to the host's routing table. Root only; under CI=true a skip fails.
 */
class KernelTunnelTest {

    @Test
    void kernelPingAndUdpCrossTheTunnel() throws Exception {
        RootOnly.requireTun();
        try (NetworkNamespace ns = TestNamespace.create()) {
            TunDevice tun = TunDevice.open("qr0", ns);
            try (LoopbackRig rig = LoopbackRig.withGateway(LocalGateway.Options.defaults())
                    .packetIo(new TunPacketIo(tun, 1280))
                    .device(new LinuxTunnelDevice(tun, 1280))
                    .start()) {
                rig.connect();
                awaitRoutes(ns);

                CommandResult ping4 = ns.exec(
                        Duration.ofSeconds(15), "ping", "-n", "-c", "3", "-i", "0.2", "-W", "2", "198.51.100.7");
                assertThat(ping4.stdout()).as(ping4.toString()).contains("3 received");
                CommandResult ping6 = ns.exec(
                        Duration.ofSeconds(15), "ping", "-6", "-n", "-c", "3", "-i", "0.2", "-W", "2", "2001:db8::7");
                assertThat(ping6.stdout()).as(ping6.toString()).contains("3 received");

                for (String target : new String[] {"203.0.113.9", "2001:db8::9"}) {
                    InetAddress address = InetAddress.getByName(target);
                    String echoed = ns.call(() -> udpRoundTrip(address));
                    assertThat(echoed).isEqualTo("kernel udp to " + address.getHostAddress());
                }
            }
        }
    }

    private static String udpRoundTrip(InetAddress target) throws Exception {
        try (DatagramSocket socket = new DatagramSocket()) {
            socket.setSoTimeout(3000);
            byte[] payload = ("kernel udp to " + target.getHostAddress()).getBytes(StandardCharsets.US_ASCII);
            socket.send(new DatagramPacket(payload, payload.length, new InetSocketAddress(target, 7)));
            DatagramPacket reply = new DatagramPacket(new byte[1500], 1500);
            socket.receive(reply);
            return new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII);
        }
    }

    /** The routes follow the ROUTE_ADVERTISEMENT capsule, right after the addresses. */
    private static void awaitRoutes(NetworkNamespace ns) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!ns.exec("ip", "-4", "route", "show", "dev", "qr0").stdout().contains("128.0.0.0/1")) {
            assertThat(System.nanoTime()).as("routes installed within 5 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
