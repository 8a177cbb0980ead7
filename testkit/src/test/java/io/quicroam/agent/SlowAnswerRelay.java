package io.quicroam.agent;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A network in front of a proxy that is slow to answer once connected: the QUIC handshake goes through at once, but
 * what the proxy sends after it reaches the client {@code delay} late. Once the client sent a 1-RTT packet (its
 * handshake is complete: RFC 9001 §4.1.1), every datagram of the proxy's that starts with a short-header packet (RFC
 * 9000 §17.3: header form bit 0, 1-RTT) is held back; before that, and for any long-header datagram, nothing is (the
 * proxy's 0.5-RTT data may ride with its handshake flight). Only the first {@code slowConnections} client sockets are
 * slowed; later ones pass untouched. Threads: one per relayed socket and a timer, daemons, ended by {@link #close}.
 */
final class SlowAnswerRelay implements AutoCloseable {
    private static final int HEADER_FORM = 0x80;

    private final DatagramSocket front;
    private final InetSocketAddress proxy;
    private final Duration delay;
    private final int slowConnections;
    private final Map<InetSocketAddress, Upstream> upstreams = new ConcurrentHashMap<>();
    private final AtomicInteger clients = new AtomicInteger();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "relay-delay");
        thread.setDaemon(true);
        return thread;
    });
    private volatile boolean fast;

    SlowAnswerRelay(InetSocketAddress proxy, Duration delay, int slowConnections) throws SocketException {
        this.proxy = proxy;
        this.delay = delay;
        this.slowConnections = slowConnections;
        this.front = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        start("relay-front", this::forwardUp);
    }

    InetSocketAddress address() {
        return (InetSocketAddress) front.getLocalSocketAddress();
    }

    /** How many client sockets (QUIC connection attempts) sent through the relay. */
    int clients() {
        return clients.get();
    }

    /** From now on nothing is held back (what was already held still arrives late). */
    void fast() {
        fast = true;
    }

    private void forwardUp() {
        byte[] buffer = new byte[65536];
        while (!front.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                front.receive(packet);
                InetSocketAddress client = (InetSocketAddress) packet.getSocketAddress();
                Upstream upstream = upstreams.computeIfAbsent(client, this::open);
                if (shortHeader(packet.getData()[0])) {
                    upstream.clientDone = true;
                }
                upstream.socket.send(new DatagramPacket(packet.getData(), packet.getLength(), proxy));
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private Upstream open(InetSocketAddress client) {
        try {
            Upstream upstream = new Upstream(
                    new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)),
                    clients.incrementAndGet() <= slowConnections);
            start("relay-down", () -> forwardDown(upstream, client));
            return upstream;
        } catch (SocketException e) {
            throw new IllegalStateException(e);
        }
    }

    private void forwardDown(Upstream upstream, InetSocketAddress client) {
        byte[] buffer = new byte[65536];
        while (!upstream.socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                upstream.socket.receive(packet);
                byte[] datagram = Arrays.copyOf(packet.getData(), packet.getLength());
                if (upstream.slow && upstream.clientDone && !fast && shortHeader(datagram[0])) {
                    timer.schedule(() -> send(datagram, client), delay.toMillis(), TimeUnit.MILLISECONDS);
                } else {
                    send(datagram, client);
                }
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private static boolean shortHeader(byte first) {
        return (first & HEADER_FORM) == 0;
    }

    private void send(byte[] datagram, InetSocketAddress client) {
        try {
            front.send(new DatagramPacket(datagram, datagram.length, client));
        } catch (IOException e) {
            // closed: the test is over
        }
    }

    private static void start(String name, Runnable loop) {
        Thread thread = new Thread(loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void close() {
        timer.shutdownNow();
        front.close();
        upstreams.values().forEach(upstream -> upstream.socket.close());
    }

    /** The relay's socket towards the proxy for one client socket. */
    private static final class Upstream {
        final DatagramSocket socket;
        final boolean slow;
        volatile boolean clientDone;

        Upstream(DatagramSocket socket, boolean slow) {
            this.socket = socket;
            this.slow = slow;
        }
    }
}
