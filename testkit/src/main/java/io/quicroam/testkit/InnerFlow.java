package io.quicroam.testkit;

import io.netty.buffer.ByteBuf;
import io.quicroam.masque.ip.IpPacketBuilder;
import io.quicroam.masque.ip.UdpView;
import io.quicroam.packetio.InMemoryPacketIo;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A constant-rate UDP flow through the tunnel to the gateway's echo host, as a user's call would be: each packet
 * carries its sequence number; the echoes are recorded with their arrival time, so tests can read losses and the
 * longest gap in delivery.
 */
public final class InnerFlow implements AutoCloseable {
    private final InMemoryPacketIo io;
    private final InetAddress source;
    private final InetAddress target;
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor();
    private final Thread receiver;
    private final List<long[]> arrivals = new ArrayList<>(); // {sequence, nanos}
    private volatile int sent;
    private volatile long stoppedSendingNanos; // 0 while sending
    private volatile boolean running = true;

    public InnerFlow(InMemoryPacketIo io, InetAddress source, InetAddress target, int packetsPerSecond) {
        this.io = io;
        this.source = source;
        this.target = target;
        sender.scheduleAtFixedRate(this::sendOne, 0, 1_000_000 / packetsPerSecond, TimeUnit.MICROSECONDS);
        receiver = new Thread(this::receive, "inner-flow-receiver");
        receiver.setDaemon(true);
        receiver.start();
    }

    private void sendOne() {
        int sequence = sent;
        byte[] payload = new byte[160];
        payload[0] = (byte) (sequence >>> 24);
        payload[1] = (byte) (sequence >>> 16);
        payload[2] = (byte) (sequence >>> 8);
        payload[3] = (byte) sequence;
        io.inject(IpPacketBuilder.udp(source, target, 40000, 7, payload));
        sent = sequence + 1;
    }

    private void receive() {
        while (running) {
            try {
                ByteBuf echo = io.poll(Duration.ofMillis(50));
                if (echo == null) {
                    continue;
                }
                try {
                    if (UdpView.isUdp(echo)) {
                        ByteBuf body = UdpView.payload(echo);
                        long sequence = body.getInt(body.readerIndex()) & 0xffffffffL;
                        synchronized (arrivals) {
                            arrivals.add(new long[] {sequence, System.nanoTime()});
                        }
                    }
                } finally {
                    echo.release();
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    public int sent() {
        return sent;
    }

    public int received() {
        synchronized (arrivals) {
            return (int) arrivals.stream().mapToLong(a -> a[0]).distinct().count();
        }
    }

    /** Echoes that arrived more than once. */
    public int duplicates() {
        synchronized (arrivals) {
            return arrivals.size()
                    - (int) arrivals.stream().mapToLong(a -> a[0]).distinct().count();
        }
    }

    /**
     * Longest time without an echo, in milliseconds, from {@code sinceNanos} on: between consecutive echoes, and
     * from the last echo until now (or until sending stopped) — a flow that never came back has a gap as long as
     * the time since it stopped, not none.
     */
    public double longestGapMillis(long sinceNanos) {
        long end = stoppedSendingNanos != 0 ? stoppedSendingNanos : System.nanoTime();
        synchronized (arrivals) {
            long previous = sinceNanos;
            long longest = 0;
            for (long[] arrival : arrivals) {
                if (arrival[1] < sinceNanos) {
                    continue;
                }
                longest = Math.max(longest, arrival[1] - previous);
                previous = arrival[1];
            }
            return Math.max(longest, end - previous) / 1e6;
        }
    }

    /** Stops sending, waits for the last echoes; returns packets lost. */
    public int stop() throws InterruptedException {
        sender.shutdownNow();
        sender.awaitTermination(1, TimeUnit.SECONDS);
        stoppedSendingNanos = System.nanoTime();
        Thread.sleep(300);
        running = false;
        receiver.join(1000);
        return sent - received();
    }

    @Override
    public void close() throws InterruptedException {
        if (running) {
            stop();
        }
    }
}
