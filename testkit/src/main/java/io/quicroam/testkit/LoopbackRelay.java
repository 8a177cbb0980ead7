package io.quicroam.testkit;

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
 * A UDP relay on loopback for tests that play the network between a client and a proxy: each client socket gets an
 * upstream socket of its own (the proxy sees one 4-tuple per client socket, as behind a NAT), and a {@link Hook}
 * decides for every datagram, either way, whether it passes, is dropped or is held back a while. Threads: one per
 * relayed socket and a timer for held datagrams, daemons, ended by {@link #close}.
 */
public final class LoopbackRelay implements AutoCloseable {
    /** Which way a datagram goes: {@code UP} from a client socket to the proxy, {@code DOWN} back. */
    public enum Direction {
        UP,
        DOWN
    }

    /** A client socket the relay has seen: its address and its order of arrival (1 for the first). */
    public record Client(InetSocketAddress address, int index) {}

    /** What happens to one datagram: dropped, or passed after {@code delay} (zero: at once). */
    public record Verdict(boolean pass, Duration delay) {
        public static final Verdict PASS = new Verdict(true, Duration.ZERO);
        public static final Verdict DROP = new Verdict(false, Duration.ZERO);

        public static Verdict holdFor(Duration delay) {
            return new Verdict(true, delay);
        }
    }

    /** Decides each datagram's fate; called on the relay's threads (one per socket), concurrently. */
    @FunctionalInterface
    public interface Hook {
        Hook PASS_ALL = (direction, client, datagram) -> Verdict.PASS;

        /** @param datagram the datagram's bytes, a copy of the hook's own */
        Verdict onDatagram(Direction direction, Client client, byte[] datagram);
    }

    private final DatagramSocket front;
    private final InetSocketAddress proxy;
    private final Hook hook;
    private final Map<InetSocketAddress, Upstream> upstreams = new ConcurrentHashMap<>();
    private final AtomicInteger clients = new AtomicInteger();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "relay-hold");
        thread.setDaemon(true);
        return thread;
    });

    private LoopbackRelay(InetSocketAddress proxy, Hook hook) throws SocketException {
        this.proxy = proxy;
        this.hook = hook;
        this.front = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    }

    /** A relay to {@code proxy} on a loopback port of its own ({@link #address()}), forwarding at once. */
    public static LoopbackRelay start(InetSocketAddress proxy, Hook hook) throws SocketException {
        LoopbackRelay relay = new LoopbackRelay(proxy, hook);
        relay.daemon("relay-up", relay::forwardUp);
        return relay;
    }

    /** Where clients send to reach the proxy. */
    public InetSocketAddress address() {
        return (InetSocketAddress) front.getLocalSocketAddress();
    }

    /** How many client sockets (QUIC connection attempts, mostly) sent through the relay so far. */
    public int clients() {
        return clients.get();
    }

    private void forwardUp() {
        byte[] buffer = new byte[65536];
        while (!front.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                front.receive(packet);
                InetSocketAddress from = (InetSocketAddress) packet.getSocketAddress();
                Upstream upstream = upstreams.computeIfAbsent(from, this::open);
                relay(Direction.UP, upstream.client, packet, upstream.socket, proxy);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private Upstream open(InetSocketAddress from) {
        try {
            Upstream upstream = new Upstream(
                    new Client(from, clients.incrementAndGet()),
                    new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0)));
            daemon("relay-down", () -> forwardDown(upstream));
            return upstream;
        } catch (SocketException e) {
            throw new IllegalStateException(e);
        }
    }

    private void forwardDown(Upstream upstream) {
        byte[] buffer = new byte[65536];
        while (!upstream.socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                upstream.socket.receive(packet);
                relay(Direction.DOWN, upstream.client, packet, front, upstream.client.address());
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void relay(
            Direction direction, Client client, DatagramPacket packet, DatagramSocket out, InetSocketAddress to)
            throws IOException {
        byte[] datagram = Arrays.copyOf(packet.getData(), packet.getLength());
        Verdict verdict = hook.onDatagram(direction, client, datagram);
        if (!verdict.pass()) {
            return;
        }
        if (verdict.delay().isZero()) {
            out.send(new DatagramPacket(datagram, datagram.length, to));
            return;
        }
        timer.schedule(
                () -> {
                    try {
                        out.send(new DatagramPacket(datagram, datagram.length, to));
                    } catch (IOException e) {
                        // closed: the test is over
                    }
                },
                verdict.delay().toNanos(),
                TimeUnit.NANOSECONDS);
    }

    private static void daemon(String name, Runnable loop) {
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
    private record Upstream(Client client, DatagramSocket socket) {}
}
