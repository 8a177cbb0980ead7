package io.quicroam.simulator.relay;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quicroam.simulator.link.DirectionConfig;
import io.quicroam.simulator.link.LinkAction;
import io.quicroam.simulator.link.LinkConfig;
import io.quicroam.simulator.link.LinkDropReason;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A relayed link carries TCP too (an agent's HTTP/2 path): real sockets on loopback, a "gateway" that echoes on UDP
 * and on TCP at one port number, as quicroam's gateway listens on both.
 */
@Timeout(30)
class TcpRelayTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private DatagramSocket udpEcho;
    private ServerSocket tcpEcho;
    private final BlockingQueue<InetSocketAddress> tcpPeers = new LinkedBlockingQueue<>();
    private UdpRelay relay;
    private RelayedLink link;
    private DatagramSocket agentUdp;

    @BeforeEach
    void start() throws IOException {
        udpEcho = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        tcpEcho = new ServerSocket();
        tcpEcho.bind(new InetSocketAddress(LOOPBACK, udpEcho.getLocalPort()));
        daemon(this::echoUdp);
        daemon(this::acceptTcp);
        relay = UdpRelay.start(1);
        link = relay.addLink(LinkConfig.symmetric("wifi", DirectionConfig.IDEAL), (InetSocketAddress)
                udpEcho.getLocalSocketAddress());
        agentUdp = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
        agentUdp.setSoTimeout(300);
    }

    @AfterEach
    void stop() throws IOException {
        agentUdp.close();
        relay.close();
        udpEcho.close();
        tcpEcho.close();
    }

    @Test
    void blockUdpDropsUdpSilentlyWhileTcpPassesFromTheLinksFarAddress() throws Exception {
        assertThat(udpEchoes()).as("UDP before the firewall").isTrue();

        link.apply(new LinkAction.BlockUdp(true));
        assertThat(udpEchoes()).as("UDP while blocked").isFalse();
        assertThat(link.stats().link().uplink().dropped(LinkDropReason.UDP_BLOCKED))
                .isEqualTo(1);
        try (Socket tcp = connect()) {
            assertThat(tcpEchoes(tcp, "h2")).isTrue();
            assertThat(tcpPeers.poll(2, TimeUnit.SECONDS).getAddress())
                    .as("the gateway sees the link's far address, as for its UDP")
                    .isEqualTo(link.farAddress().getAddress());
        }

        link.apply(new LinkAction.BlockUdp(false));
        assertThat(udpEchoes()).as("UDP once unblocked").isTrue();
    }

    @Test
    void aBlackholeHoldsTcpsBytesAndDownResetsTheConnection() throws Exception {
        try (Socket tcp = connect()) {
            assertThat(tcpEchoes(tcp, "before")).isTrue();

            link.apply(LinkAction.blackhole());
            tcp.getOutputStream().write("held".getBytes());
            tcp.setSoTimeout(300);
            assertThatThrownBy(() -> tcp.getInputStream().read())
                    .as("nothing passes while silent")
                    .isInstanceOf(SocketTimeoutException.class);
            link.apply(LinkAction.up());
            tcp.setSoTimeout(2000);
            assertThat(new String(tcp.getInputStream().readNBytes(4)))
                    .as("held, not lost")
                    .isEqualTo("held");

            link.apply(LinkAction.down());
            assertThatThrownBy(() -> {
                        if (tcp.getInputStream().read() < 0) {
                            throw new IOException("closed");
                        }
                    })
                    .as("the connection ends with the interface")
                    .isInstanceOf(IOException.class);
        }
        assertThat(connectsAndEchoes("down")).as("no new connection while down").isFalse();
    }

    /** A new connection across the link echoes {@code text}; false when it is refused or reset at any point. */
    private boolean connectsAndEchoes(String text) {
        try (Socket socket = connect()) {
            return tcpEchoes(socket, text);
        } catch (IOException e) {
            return false;
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.connect(link.nearAddress(), 2000);
        socket.setSoTimeout(2000);
        return socket;
    }

    private boolean udpEchoes() throws IOException {
        agentUdp.send(new DatagramPacket(new byte[] {7}, 1, link.nearAddress()));
        try {
            agentUdp.receive(new DatagramPacket(new byte[16], 16));
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    private static boolean tcpEchoes(Socket socket, String text) {
        try {
            socket.getOutputStream().write(text.getBytes());
            return new String(socket.getInputStream().readNBytes(text.length())).equals(text);
        } catch (IOException e) {
            return false;
        }
    }

    private void echoUdp() {
        byte[] buffer = new byte[2048];
        while (!udpEcho.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udpEcho.receive(packet);
                udpEcho.send(packet);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void acceptTcp() {
        while (!tcpEcho.isClosed()) {
            try {
                Socket client = tcpEcho.accept();
                tcpPeers.add((InetSocketAddress) client.getRemoteSocketAddress());
                daemon(() -> {
                    try (client;
                            InputStream in = client.getInputStream();
                            OutputStream out = client.getOutputStream()) {
                        in.transferTo(out);
                    } catch (IOException e) {
                        // the relay closed it
                    }
                });
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task, "tcp-relay-test");
        thread.setDaemon(true);
        thread.start();
    }
}
