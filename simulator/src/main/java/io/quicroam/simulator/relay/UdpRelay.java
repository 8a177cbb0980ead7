package io.quicroam.simulator.relay;

import io.quicroam.simulator.link.LinkConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real-time UDP relays on loopback that carry traffic through emulated links ({@link io.quicroam.simulator.link.Link}).
 * One thread and one selector serve every link of a scenario: the links share one clock, so actions the harness
 * applies to several links at once take effect in one consistent order, and two cores shared by a gateway, an
 * agent and the tests are not split further; tens of thousands of packets per second fit in one thread.
 * Emulator time is nanoseconds since {@link #start}. When the loop wakes late it delivers everything already due,
 * in order; the links' state follows the intended times, not the wake-ups. Close it to release every socket.
 */
public final class UdpRelay implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(UdpRelay.class);
    private static final long CALL_TIMEOUT_SECONDS = 10;
    private static final int MAX_DATAGRAM = 65_536;
    /** Datagrams read from one socket before the loop looks at the others and at the clock again. */
    private static final int READ_BATCH = 64;

    private record Task(Runnable work, CompletableFuture<?> done) {}

    private final long scenarioSeed;
    private final long originNanos = System.nanoTime();
    private final Selector selector;
    private final LoopbackAddresses addresses = new LoopbackAddresses();
    private final Queue<Task> tasks = new ConcurrentLinkedQueue<>();
    private final List<RelayedLink> links = new ArrayList<>();
    private final ByteBuffer receiveBuffer = ByteBuffer.allocateDirect(MAX_DATAGRAM);
    private final Thread loopThread;
    private volatile boolean running = true;
    private volatile Throwable failure;

    private UdpRelay(long scenarioSeed) throws IOException {
        this.scenarioSeed = scenarioSeed;
        this.selector = Selector.open();
        this.loopThread = new Thread(this::loop, "quicroam-link-relay");
        this.loopThread.setDaemon(true);
    }

    /** Starts an empty relay; its links' random streams derive from {@code scenarioSeed}. */
    public static UdpRelay start(long scenarioSeed) throws IOException {
        UdpRelay relay = new UdpRelay(scenarioSeed);
        relay.loopThread.start();
        return relay;
    }

    /** Emulator time: nanoseconds since the relay started. */
    public long nowNanos() {
        return System.nanoTime() - originNanos;
    }

    /**
     * Adds a link: a near socket on 127.0.0.1 for the agent's per-path socket to send to, and a far socket on a
     * fresh 127.0.0.x address from which the link's traffic reaches {@code gateway}.
     *
     * @throws IllegalArgumentException when {@code gateway} is not a loopback address (relays stay on loopback)
     */
    public RelayedLink addLink(LinkConfig config, InetSocketAddress gateway) throws IOException {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(gateway, "gateway");
        if (gateway.isUnresolved() || !gateway.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("the gateway must be on loopback, got " + gateway);
        }
        try {
            return call(() -> {
                RelayedLink link = new RelayedLink(this, config, scenarioSeed, nowNanos(), gateway);
                links.add(link);
                return link;
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Runs {@code work} on the loop thread (directly when already on it) and returns its result. */
    <T> T call(Callable<T> work) {
        if (Thread.currentThread() == loopThread) {
            return callHere(work);
        }
        CompletableFuture<T> done = new CompletableFuture<>();
        tasks.add(new Task(() -> done.complete(callHere(work)), done));
        if (!running) {
            failPendingTasks();
        }
        selector.wakeup();
        try {
            return done.get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("relay task failed", e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the relay loop did not answer within " + CALL_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the relay loop", e);
        }
    }

    private static <T> T callHere(Callable<T> work) {
        try {
            return work.call();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    Selector selector() {
        return selector;
    }

    LoopbackAddresses addresses() {
        return addresses;
    }

    private void loop() {
        try {
            while (running) {
                runTasks();
                long now = nowNanos();
                long next = Long.MAX_VALUE;
                for (RelayedLink link : links) {
                    link.advanceTo(now);
                    next = Math.min(next, link.nextEventNanos());
                }
                waitForTraffic(next);
                receiveSelected();
            }
        } catch (Throwable t) {
            failure = t;
            log.error("link relay loop failed; the relay stops", t);
        } finally {
            running = false;
            links.forEach(RelayedLink::closeChannels);
            try {
                selector.close();
            } catch (IOException e) {
                log.debug("closing the selector failed", e);
            }
            failPendingTasks();
        }
    }

    private void runTasks() {
        for (Task task = tasks.poll(); task != null; task = tasks.poll()) {
            try {
                task.work().run();
            } catch (RuntimeException e) {
                task.done().completeExceptionally(e);
            }
        }
    }

    private void failPendingTasks() {
        for (Task task = tasks.poll(); task != null; task = tasks.poll()) {
            task.done().completeExceptionally(new IllegalStateException("the relay has stopped", failure));
        }
    }

    private void waitForTraffic(long nextEventNanos) throws IOException {
        if (nextEventNanos == Long.MAX_VALUE) {
            selector.select();
            return;
        }
        long waitNanos = nextEventNanos - nowNanos();
        if (waitNanos <= 0) {
            selector.selectNow();
        } else {
            // Round up: the selector counts milliseconds; waking up to 1 ms late is caught up on, waking early spins.
            selector.select((waitNanos + 999_999) / 1_000_000);
        }
    }

    private void receiveSelected() throws IOException {
        Iterator<SelectionKey> keys = selector.selectedKeys().iterator();
        while (keys.hasNext()) {
            SelectionKey key = keys.next();
            keys.remove();
            if (!key.isValid()) {
                continue;
            }
            DatagramChannel channel = (DatagramChannel) key.channel();
            RelayedLink.Endpoint endpoint = (RelayedLink.Endpoint) key.attachment();
            for (int i = 0; i < READ_BATCH; i++) {
                receiveBuffer.clear();
                SocketAddress from = channel.receive(receiveBuffer);
                if (from == null) {
                    break;
                }
                receiveBuffer.flip();
                byte[] packet = new byte[receiveBuffer.remaining()];
                receiveBuffer.get(packet);
                endpoint.received(packet, (InetSocketAddress) from, nowNanos());
            }
        }
    }

    /** How many sockets the relay holds open now (every link's near socket and its far ones, one per NAT mapping). */
    public long sockets() {
        return call(() -> links.stream().mapToLong(RelayedLink::sockets).sum());
    }

    /** Stops the loop and closes every socket; waits for the loop thread (briefly). */
    @Override
    public void close() {
        running = false;
        selector.wakeup();
        if (Thread.currentThread() == loopThread) {
            return;
        }
        try {
            loopThread.join(TimeUnit.SECONDS.toMillis(CALL_TIMEOUT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (loopThread.isAlive()) {
            log.warn("the link relay loop did not stop within {} s", CALL_TIMEOUT_SECONDS);
        }
    }
}
