package io.quicroam.agent;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A network in front of the gateway, on its own loopback address and the gateway's port number, that lets TCP through
 * and drops UDP while {@link #blockUdp blocked} — silently, as a hotel Wi-Fi's firewall does (no ICMP, no reset):
 * QUIC's packets vanish, HTTP/2's connection works. Unblocked, it relays UDP both ways too, optionally each datagram
 * towards the gateway {@link #delayUdp held back} (a slow QUIC). {@link #blockTcp} makes a captive network of it: TCP
 * connections are accepted and their bytes vanish, nothing answers.
 */
final class UdpBlockingLink implements AutoCloseable {
    private final InetSocketAddress gateway;
    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final Map<SocketAddress, DatagramSocket> upstreams = new ConcurrentHashMap<>();
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
    private volatile boolean udpBlocked = true;
    private volatile boolean tcpBlocked;
    private volatile Duration udpDelay = Duration.ZERO;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "udp-link-hold");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean closed;

    /** Listens on {@code address} at the gateway's port number (UDP and TCP), UDP blocked. */
    UdpBlockingLink(InetAddress address, InetSocketAddress gateway) throws IOException {
        this.gateway = gateway;
        this.udp = new DatagramSocket(new InetSocketAddress(address, gateway.getPort()));
        this.tcp = new ServerSocket();
        tcp.bind(new InetSocketAddress(address, gateway.getPort()));
        daemon("udp-link", this::relayUdp);
        daemon("tcp-link", this::acceptTcp);
    }

    InetSocketAddress address() {
        return (InetSocketAddress) udp.getLocalSocketAddress();
    }

    void blockUdp(boolean blocked) {
        this.udpBlocked = blocked;
    }

    /** Whether TCP connections opened from now on are blackholed: accepted, and nothing reaches the gateway. */
    void blockTcp(boolean blocked) {
        this.tcpBlocked = blocked;
    }

    /** Holds each datagram towards the gateway back by {@code delay}. */
    void delayUdp(Duration delay) {
        this.udpDelay = delay;
    }

    private void relayUdp() {
        byte[] buffer = new byte[65535];
        while (!closed) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                udp.receive(packet);
                if (udpBlocked) {
                    continue; // dropped without a word
                }
                SocketAddress client = packet.getSocketAddress();
                DatagramSocket upstream = upstreams.computeIfAbsent(client, this::upstream);
                DatagramPacket up = new DatagramPacket(
                        Arrays.copyOf(packet.getData(), packet.getLength()), packet.getLength(), gateway);
                Duration delay = udpDelay;
                if (delay.isZero()) {
                    upstream.send(up);
                } else {
                    timer.schedule(() -> sendQuietly(upstream, up), delay.toNanos(), TimeUnit.NANOSECONDS);
                }
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static void sendQuietly(DatagramSocket socket, DatagramPacket packet) {
        try {
            socket.send(packet);
        } catch (IOException e) {
            // closed: the test is over
        }
    }

    /** One socket towards the gateway per client socket, so the gateway sees each as its own peer. */
    private DatagramSocket upstream(SocketAddress client) {
        try {
            DatagramSocket upstream = new DatagramSocket(new InetSocketAddress(gateway.getAddress(), 0));
            open.add(upstream);
            daemon("udp-link-back", () -> {
                byte[] buffer = new byte[65535];
                while (!closed) {
                    try {
                        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                        upstream.receive(packet);
                        if (!udpBlocked) {
                            udp.send(new DatagramPacket(packet.getData(), packet.getLength(), client));
                        }
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            return upstream;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private void acceptTcp() {
        while (!closed) {
            try {
                Socket client = tcp.accept();
                if (tcpBlocked) {
                    open.add(client); // held open, unanswered, until the link closes
                    continue;
                }
                Socket server = new Socket(gateway.getAddress(), gateway.getPort());
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                open.add(client);
                open.add(server);
                daemon("tcp-link-up", () -> pump(client, server));
                daemon("tcp-link-down", () -> pump(server, client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // one side closed: so does the other
        } finally {
            try {
                to.close();
                from.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() throws Exception {
        closed = true;
        timer.shutdownNow();
        udp.close();
        tcp.close();
        for (AutoCloseable each : open) {
            each.close();
        }
    }
}
