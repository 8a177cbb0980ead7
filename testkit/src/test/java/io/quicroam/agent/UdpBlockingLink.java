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
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A network in front of the gateway, on its own loopback address and the gateway's port number, that lets TCP through
 * and drops UDP while {@link #blockUdp blocked} — silently, as a hotel Wi-Fi's firewall does (no ICMP, no reset):
 * QUIC's packets vanish, HTTP/2's connection works. Unblocked, it relays UDP both ways too.
 */
final class UdpBlockingLink implements AutoCloseable {
    private final InetSocketAddress gateway;
    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final Map<SocketAddress, DatagramSocket> upstreams = new ConcurrentHashMap<>();
    private final List<AutoCloseable> open = new CopyOnWriteArrayList<>();
    private volatile boolean udpBlocked = true;
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
                upstream.send(new DatagramPacket(packet.getData(), packet.getLength(), gateway));
            } catch (IOException e) {
                return; // closed
            }
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
        udp.close();
        tcp.close();
        for (AutoCloseable each : open) {
            each.close();
        }
    }
}
