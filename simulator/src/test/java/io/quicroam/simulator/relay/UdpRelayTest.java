package io.quicroam.simulator.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quicroam.simulator.link.DelayModel;
import io.quicroam.simulator.link.DirectionConfig;
import io.quicroam.simulator.link.InterfaceEvent;
import io.quicroam.simulator.link.LinkAction;
import io.quicroam.simulator.link.LinkConfig;
import io.quicroam.simulator.link.LinkDropReason;
import io.quicroam.simulator.link.LinkListener;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Real time, real sockets, loopback only: an echo "gateway" behind a relayed link with 20 ms each way. */
@Timeout(30)
class UdpRelayTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    /** Echoes every datagram back to its sender and remembers who sent it. */
    private static final class EchoServer implements AutoCloseable {
        final DatagramSocket socket;
        final BlockingQueue<InetSocketAddress> senders = new LinkedBlockingQueue<>();
        private final Thread thread;

        EchoServer() throws IOException {
            socket = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
            thread = new Thread(this::run, "echo-server");
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            byte[] buffer = new byte[2048];
            while (!socket.isClosed()) {
                try {
                    DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                    socket.receive(packet);
                    senders.add((InetSocketAddress) packet.getSocketAddress());
                    socket.send(packet);
                } catch (IOException e) {
                    return; // closed
                }
            }
        }

        InetSocketAddress address() {
            return (InetSocketAddress) socket.getLocalSocketAddress();
        }

        @Override
        public void close() {
            socket.close();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private EchoServer server;
    private UdpRelay relay;
    private DatagramSocket agent;
    private RelayedLink link;
    private final List<InterfaceEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = new EchoServer();
        relay = UdpRelay.start(1);
        link = relay.addLink(
                LinkConfig.symmetric("wifi", DirectionConfig.IDEAL.withDelay(DelayModel.of(Duration.ofMillis(20)))),
                server.address());
        link.addListener(new LinkListener() {
            @Override
            public void onInterfaceEvent(InterfaceEvent event) {
                events.add(event);
            }
        });
        agent = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        agent.setSoTimeout(2000);
    }

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.close();
        }
        if (relay != null) {
            relay.close();
        }
        if (server != null) {
            server.close();
        }
    }

    /** Sends one datagram through the link and returns the echo's round-trip time in ms. */
    private double roundTripMillis(String text) throws IOException {
        byte[] out = text.getBytes(StandardCharsets.UTF_8);
        long sent = System.nanoTime();
        agent.send(new DatagramPacket(out, out.length, link.nearAddress()));
        DatagramPacket in = new DatagramPacket(new byte[2048], 2048);
        agent.receive(in);
        long received = System.nanoTime();
        assertThat(new String(in.getData(), 0, in.getLength(), StandardCharsets.UTF_8))
                .isEqualTo(text);
        assertThat(in.getSocketAddress())
                .as("replies come from the near socket")
                .isEqualTo(link.nearAddress());
        return (received - sent) / 1e6;
    }

    @Test
    void roundTripIsTwiceTheOneWayDelay() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertThat(roundTripMillis("ping " + i)).isBetween(40.0, 200.0);
        }

        InetSocketAddress seen = server.senders.poll(1, TimeUnit.SECONDS);
        assertThat(seen).isEqualTo(link.farAddress());
        assertThat(seen.getAddress().isLoopbackAddress()).isTrue();
        assertThat(seen.getAddress()).as("each link has its own 127.0.0.x").isNotEqualTo(LOOPBACK);
        RelayStats stats = link.stats();
        assertThat(stats.link().uplink().deliveredPackets()).isEqualTo(5);
        assertThat(stats.link().downlink().deliveredPackets()).isEqualTo(5);
        assertThat(stats.sendFailures()).isZero();
    }

    @Test
    void nothingPassesWhileDownAndTheHostIsTold() throws Exception {
        roundTripMillis("before");
        server.senders.clear();

        link.apply(LinkAction.down());
        for (int i = 0; i < 3; i++) {
            byte[] out = {(byte) i};
            agent.send(new DatagramPacket(out, 1, link.nearAddress()));
        }
        agent.setSoTimeout(300);
        assertThatThrownBy(() -> agent.receive(new DatagramPacket(new byte[16], 16)))
                .isInstanceOf(SocketTimeoutException.class);

        assertThat(server.senders).isEmpty();
        assertThat(link.stats().link().uplink().dropped(LinkDropReason.DOWN)).isEqualTo(3);
        assertThat(events).extracting(InterfaceEvent::present).containsExactly(false);

        link.apply(LinkAction.up());
        agent.setSoTimeout(2000);
        assertThat(roundTripMillis("after")).isBetween(40.0, 200.0);
        assertThat(events).extracting(InterfaceEvent::present).containsExactly(false, true);
    }

    @Test
    void rebindChangesTheSourceTheGatewaySeesAndDropsWhatGoesToTheOldOne() throws Exception {
        roundTripMillis("first");
        InetSocketAddress before = server.senders.take();

        link.apply(LinkAction.rebindPort());
        roundTripMillis("after port rebind");
        InetSocketAddress afterPort = server.senders.take();
        link.apply(LinkAction.rebindAddress());
        roundTripMillis("after address rebind");
        InetSocketAddress afterAddress = server.senders.take();

        assertThat(afterPort.getAddress()).isEqualTo(before.getAddress());
        assertThat(afterPort.getPort()).isNotEqualTo(before.getPort());
        assertThat(afterAddress.getAddress()).isNotEqualTo(before.getAddress());
        assertThat(afterAddress.getAddress().isLoopbackAddress()).isTrue();

        // The gateway still answers the first binding: the NAT has forgotten it.
        byte[] late = "late".getBytes(StandardCharsets.UTF_8);
        server.socket.send(new DatagramPacket(late, late.length, before));
        agent.setSoTimeout(300);
        assertThatThrownBy(() -> agent.receive(new DatagramPacket(new byte[16], 16)))
                .isInstanceOf(SocketTimeoutException.class);
        assertThat(link.stats().link().downlink().dropped(LinkDropReason.STALE_BINDING))
                .isEqualTo(1);
        assertThat(link.history())
                .extracting(a -> a.action())
                .containsExactly(LinkAction.rebindPort(), LinkAction.rebindAddress());
    }

    /**
     * Two agent sockets on one link (migrate mode's connection and its light connection; a path and its replacement)
     * each get a mapping of their own, as a NAT gives them: the gateway sees two sources, and each socket gets its own
     * replies even when the other sent last. With one far socket per link, the first socket's reply went to the second.
     */
    @Test
    void eachAgentSocketHasItsOwnMappingAndGetsItsOwnReplies() throws Exception {
        try (DatagramSocket other = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            other.setSoTimeout(2000);
            byte[] first = "from the first".getBytes(StandardCharsets.UTF_8);
            byte[] second = "from the second".getBytes(StandardCharsets.UTF_8);
            // Both leave before either reply comes back (20 ms each way): the second sends last.
            agent.send(new DatagramPacket(first, first.length, link.nearAddress()));
            other.send(new DatagramPacket(second, second.length, link.nearAddress()));

            DatagramPacket toFirst = new DatagramPacket(new byte[64], 64);
            agent.receive(toFirst);
            DatagramPacket toSecond = new DatagramPacket(new byte[64], 64);
            other.receive(toSecond);
            assertThat(new String(toFirst.getData(), 0, toFirst.getLength(), StandardCharsets.UTF_8))
                    .isEqualTo("from the first");
            assertThat(new String(toSecond.getData(), 0, toSecond.getLength(), StandardCharsets.UTF_8))
                    .isEqualTo("from the second");
            assertThat(List.of(server.senders.take(), server.senders.take()))
                    .as("the sources the gateway saw")
                    .doesNotHaveDuplicates()
                    .allSatisfy(seen -> assertThat(seen.getAddress())
                            .isEqualTo(link.farAddress().getAddress()));
        }
    }

    @Test
    void relaysOnlyToLoopback() {
        assertThatThrownBy(() -> relay.addLink(
                        LinkConfig.symmetric("lte", DirectionConfig.IDEAL), new InetSocketAddress("198.18.0.1", 443)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loopback");
    }
}
