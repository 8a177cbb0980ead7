package io.quicroam.cli.kernel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * How long a proxy held each echo, from a capture on its side of the veth ({@link VethCapture}): a request's arrival
 * to the proxy's next packet back on that connection that carries a reply. This is the proxy's own share of a round
 * trip (its kernel, its process, its QUIC stack); the rest is the wire and the client. So a difference between two
 * proxies through the same client is split into the proxies' part and the client's.
 *
 * <p>Requests and replies are told from ACKs and the like by size: an echo with 64 bytes of ICMP data is over 100
 * bytes of UDP payload on either stack, a bare ACK or PING far less; path MTU probes (over 1000) are left out. Only
 * echoes whose connection was quiet before them count ({@link #QUIET_NANOS}), as paced pings are, not a burst's.
 */
final class ProxyResidence {
    /** The smallest UDP payload that carries an echo (~92 bytes of IPv4 + ICMP, then QUIC's framing). */
    private static final int ECHO_MIN = 100;
    /** Larger ones are path MTU probes. */
    private static final int ECHO_MAX = 1000;
    /** Requests after at least this much silence on their connection: well under any pings' spacing (9 ms or more). */
    private static final long QUIET_NANOS = 5_000_000;

    private ProxyResidence() {}

    /**
     * The residence of each quiet echo sent to {@code proxy} (an IPv4 address as an int) between {@code fromNanos}
     * and {@code toNanos} (epoch), on the connection that sent the most requests then (the cell's client; another
     * client's probes are not counted), in nanoseconds.
     */
    static long[] of(List<UdpHeader> packets, int proxy, long fromNanos, long toNanos) {
        Map<Long, List<long[]>> echoes = new HashMap<>(); // connection -> [request at, reply at or -1]
        Map<Long, Long> lastRequest = new HashMap<>();
        for (UdpHeader packet : packets) {
            if (packet.epochNanos() < fromNanos || packet.epochNanos() >= toNanos) {
                continue;
            }
            if (packet.payload() < ECHO_MIN || packet.payload() > ECHO_MAX) {
                continue;
            }
            if (packet.destination() == proxy) {
                long connection = connection(packet.sourcePort(), packet.destinationPort());
                Long previous = lastRequest.put(connection, packet.epochNanos());
                List<long[]> sent = echoes.computeIfAbsent(connection, c -> new ArrayList<>());
                if (!sent.isEmpty() && sent.get(sent.size() - 1)[1] < 0) {
                    sent.get(sent.size() - 1)[1] = Long.MIN_VALUE; // another request before its reply: not timed
                }
                if (previous == null || packet.epochNanos() - previous >= QUIET_NANOS) {
                    sent.add(new long[] {packet.epochNanos(), -1});
                }
            } else if (packet.source() == proxy) {
                List<long[]> sent = echoes.get(connection(packet.destinationPort(), packet.sourcePort()));
                if (sent != null && !sent.isEmpty() && sent.get(sent.size() - 1)[1] == -1) {
                    sent.get(sent.size() - 1)[1] = packet.epochNanos();
                }
            }
        }
        List<long[]> busiest = echoes.values().stream()
                .max((a, b) -> Integer.compare(a.size(), b.size()))
                .orElse(List.of());
        return busiest.stream()
                .filter(echo -> echo[1] > 0)
                .mapToLong(echo -> echo[1] - echo[0])
                .toArray();
    }

    private static long connection(int clientPort, int proxyPort) {
        return ((long) clientPort << 16) | proxyPort;
    }
}
