package io.quicroam.simulator.traffic;

import io.netty.buffer.ByteBuf;
import io.quicroam.masque.ip.IpPacketBuilder;
import io.quicroam.simulator.measure.FlowLog;
import io.quicroam.simulator.scenario.FlowSpec;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The applications inside the tunnel: one thread sends every flow's datagrams (UDP from the tunnel's current
 * inner address to an address the gateway's echo host answers), as IP packets handed to {@code inject} (the
 * agent's in-memory packet I/O). Constant-bit-rate flows send on schedule, catching up in a burst if the thread
 * wakes late (so the rate holds; each datagram is stamped with its real send time); bulk flows fill their window
 * whenever an echo frees a place ({@link #answered}). Flow {@code i} uses UDP ports 40000+i → 5000+i.
 */
public final class TrafficGenerator implements AutoCloseable {
    /** Where the echo host sits: TEST-NET-2 (RFC 5737), answered in memory, never routed anywhere. */
    public static final InetAddress ECHO_TARGET = address(198, 51, 100, 10);
    /** A datagram whose echo is not back within this long no longer holds a bulk window place. */
    static final long BULK_LOSS_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(1);

    private static final int SOURCE_PORT_BASE = 40_000;
    private static final int TARGET_PORT_BASE = 5_000;

    private final List<Sender> senders = new ArrayList<>();
    private final LongSupplier clock;
    private final Supplier<InetAddress> source;
    private final Consumer<ByteBuf> inject;
    private final Thread thread;
    private volatile boolean running = true;

    /**
     * @param logs   one per flow, in flow-index order; sends are logged there
     * @param clock  scenario time in nanoseconds; flows start at their {@code start} on it
     * @param source the tunnel's inner IPv4 address now (it changes when a session is replaced)
     * @param inject takes ownership of each packet
     */
    public TrafficGenerator(
            List<FlowLog> logs, LongSupplier clock, Supplier<InetAddress> source, Consumer<ByteBuf> inject) {
        this(logs, 0, clock, source, inject);
    }

    /**
     * Flows numbered from {@code firstFlow}: a receiver that knows only flows 0..n-1 ignores their echoes (the
     * harness's warm-up traffic, which must not count).
     */
    public TrafficGenerator(
            List<FlowLog> logs,
            int firstFlow,
            LongSupplier clock,
            Supplier<InetAddress> source,
            Consumer<ByteBuf> inject) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.source = Objects.requireNonNull(source, "source");
        this.inject = Objects.requireNonNull(inject, "inject");
        for (int i = 0; i < logs.size(); i++) {
            senders.add(new Sender(firstFlow + i, logs.get(i)));
        }
        this.thread = new Thread(this::run, "quicroam-sim-traffic");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** An echo of flow {@code flow}'s datagram {@code sequence} came back: frees a bulk window place. */
    public void answered(int flow, long sequence) {
        for (Sender sender : senders) {
            if (sender.index == flow && sender.window != null) {
                sender.window.answered(sequence);
                LockSupport.unpark(thread);
            }
        }
    }

    private void run() {
        while (running) {
            long wake = sendDue(clock.getAsLong());
            if (wake == Long.MAX_VALUE) {
                return; // every flow is past its stop time
            }
            long wait = wake - clock.getAsLong();
            if (wait > 0) {
                LockSupport.parkNanos(this, wait);
            }
        }
    }

    /**
     * Sends everything due at scenario time {@code now}; returns when something is next due (MAX_VALUE: every flow
     * has finished). The sending thread's loop; tests call it on virtual time without {@link #start}.
     */
    long sendDue(long now) {
        long wake = Long.MAX_VALUE;
        for (Sender sender : senders) {
            wake = Math.min(wake, sender.sendDue(now));
        }
        return wake;
    }

    /** Stops sending and waits for the thread. */
    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One flow's pacing state; only the generator thread touches it (its window is shared with the receiver). */
    private final class Sender {
        private final int index;
        private final FlowLog log;
        private final FlowSpec spec;
        private final long startNanos;
        private final long stopNanos;
        private final BulkWindow window;
        private long sequence;

        Sender(int index, FlowLog log) {
            this.index = index;
            this.log = log;
            this.spec = log.spec();
            this.startNanos = spec.start().toNanos();
            this.stopNanos = spec.stop().toNanos();
            this.window =
                    spec.kind() == FlowSpec.Kind.BULK ? new BulkWindow(spec.window(), BULK_LOSS_TIMEOUT_NANOS) : null;
        }

        /** Sends what is due at {@code now}; returns when it next has something to do (MAX_VALUE: finished). */
        long sendDue(long now) {
            if (now >= stopNanos) {
                return Long.MAX_VALUE;
            }
            if (now < startNanos) {
                return startNanos;
            }
            if (window == null) {
                long next;
                while ((next = scheduled(sequence)) <= now && next < stopNanos) {
                    send(now);
                }
                return next < stopNanos ? next : Long.MAX_VALUE;
            }
            while (window.canSend(now)) {
                send(now);
            }
            return Math.min(window.nextExpiryNanos(), stopNanos);
        }

        private long scheduled(long n) {
            return startNanos + (long) (n * 1e9 / spec.packetsPerSecond());
        }

        private void send(long now) {
            long seq = sequence++;
            byte[] payload = FlowPayload.encode(new FlowPayload.Stamp(index, seq, now), spec.size());
            if (window != null) {
                window.sent(seq, now);
            }
            log.sent(seq, now);
            InetAddress from = source.get();
            if (from != null) { // no tunnel address: the application's send fails, the datagram is lost
                inject.accept(IpPacketBuilder.udp(
                        from, ECHO_TARGET, SOURCE_PORT_BASE + index, TARGET_PORT_BASE + index, payload));
            }
        }
    }

    private static InetAddress address(int a, int b, int c, int d) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) a, (byte) b, (byte) c, (byte) d});
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are an IPv4 address", e);
        }
    }
}
