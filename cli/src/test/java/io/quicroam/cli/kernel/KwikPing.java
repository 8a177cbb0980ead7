package io.quicroam.cli.kernel;

import io.netty.buffer.ByteBuf;
import io.quicroam.interop.kwik.KwikConnectIpClient;
import io.quicroam.linux.NetworkNamespace;
import io.quicroam.masque.UriTemplate;
import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.ip.IcmpView;
import io.quicroam.masque.ip.IpAddresses;
import io.quicroam.masque.ip.IpPacketBuilder;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;

/**
 * The independent client's pings: Kwik's CONNECT-IP client (interop), its UDP socket opened inside a namespace, sends
 * ICMP echo requests from its assigned address as HTTP Datagrams at a fixed pace, as ping(8) does, and times each
 * reply from the send to its arrival in the client's queue. One thread sends and reads: between two sends it waits
 * for replies until the next one is due, {@code intervalMillis} after the previous one was due (a late send does not
 * delay the rest).
 */
final class KwikPing implements Pinger, AutoCloseable {
    private static final int IDENTIFIER = 0x4b50;

    private final KwikConnectIpClient client;
    private final InetAddress source;
    private final InetAddress destination;
    private final byte[] payload;
    /** Sequence numbers go on across calls, so that a late reply to an earlier call is not taken for a new one. */
    private int sequence;

    private KwikPing(KwikConnectIpClient client, InetAddress source, InetAddress destination, int payload) {
        this.client = client;
        this.source = source;
        this.destination = destination;
        this.payload = new byte[payload];
    }

    /** Connects from inside {@code namespace} and opens the CONNECT-IP request; pings go to {@code destination}. */
    static KwikPing open(
            NetworkNamespace namespace,
            String template,
            Path caFile,
            String authorization,
            String destination,
            int payload)
            throws Exception {
        UriTemplate uri = UriTemplate.parse(template);
        KwikConnectIpClient client = namespace.call(() -> KwikConnectIpClient.connect(uri, caFile));
        try {
            client.open(uri, authorization);
            // Between its rounds a cell waits while the others ping, longer than the 30 s idle timeout at 100 ms
            // apart: without PINGs the connection closed and the rest of its echoes were lost.
            client.keepAlive(Duration.ofHours(1));
            InetAddress source = client.assignment().addresses().stream()
                    .map(AssignedAddress::prefix)
                    .map(IpPrefix::address)
                    .filter(address -> address.getAddress().length == 4)
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException("no IPv4 address assigned"));
            return new KwikPing(client, source, IpAddresses.parse(destination), payload);
        } catch (Exception e) {
            client.close();
            throw e;
        }
    }

    @Override
    public RoundTrips ping(int count, double intervalMillis) throws Exception {
        int first = sequence;
        long[] sentAt = new long[count];
        long[] rtt = new long[count];
        Arrays.fill(rtt, -1);
        long interval = Math.round(intervalMillis * 1_000_000);
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            sentAt[i] = System.nanoTime();
            client.send(IpPacketBuilder.icmpEcho(source, destination, IDENTIFIER, seq(first + i), payload, false));
            sequence++;
            receiveUntil(start + (i + 1) * interval, first, sentAt, rtt);
        }
        // The last replies may come as late as they may for ping(8).
        receiveUntil(System.nanoTime() + TimeUnit.SECONDS.toNanos(LINGER_SECONDS), first, sentAt, rtt);
        long[] gaps = new long[Math.max(0, count - 1)];
        Arrays.setAll(gaps, i -> sentAt[i + 1] - sentAt[i]);
        return new RoundTrips(count, Arrays.stream(rtt).filter(t -> t >= 0).toArray(), gaps);
    }

    private static int seq(int n) {
        return n & 0xffff;
    }

    /** Takes replies until {@code deadline}, or until every request has one. */
    private void receiveUntil(long deadline, int first, long[] sentAt, long[] rtt) throws InterruptedException {
        for (long left; (left = deadline - System.nanoTime()) > 0; ) {
            ByteBuf reply = client.poll(Duration.ofNanos(left));
            if (reply == null) {
                return;
            }
            long now = System.nanoTime();
            try {
                if (IcmpView.isEchoReply(reply) && IcmpView.identifier(reply) == IDENTIFIER) {
                    int index = seq(IcmpView.sequence(reply) - first);
                    if (index < sentAt.length && sentAt[index] != 0 && rtt[index] < 0) {
                        rtt[index] = now - sentAt[index];
                    }
                }
            } finally {
                reply.release();
            }
            if (Arrays.stream(rtt).noneMatch(t -> t < 0)) {
                return;
            }
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
