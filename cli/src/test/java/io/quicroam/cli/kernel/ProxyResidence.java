package io.quicroam.cli.kernel;

import java.util.ArrayList;
import java.util.Arrays;
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
     * Silence after which a proxy counts as woken by the request rather than already running: a process that has not
     * run for this long answers 0.1-0.2 ms slower on this machine (issue #19: the CPU's caches no longer hold its
     * code and data), whichever the proxy. Which echoes come after such a silence depends on the clients' other
     * packets (ACKs, PINGs) and their phase against the pace, not on the proxy; so the proxies are compared echo class
     * by echo class.
     */
    static final long WOKEN_NANOS = 5_000_000;

    /**
     * One timed echo: how long the proxy held it, and how long the proxy (its address and port, every connection,
     * both directions) had been silent on the veth before the request came.
     */
    record Echo(long residence, long silence) {
        boolean woken() {
            return silence >= WOKEN_NANOS;
        }
    }

    /**
     * The residence of each quiet echo sent to {@code proxy} (an IPv4 address as an int) between {@code fromNanos}
     * and {@code toNanos} (epoch), on the connection that sent the most requests then (the cell's client; another
     * client's probes are not counted), in nanoseconds.
     */
    static long[] of(List<UdpHeader> packets, int proxy, long fromNanos, long toNanos) {
        return Arrays.stream(echoes(packets, proxy, fromNanos, toNanos))
                .mapToLong(Echo::residence)
                .toArray();
    }

    /** Like {@link #of}, each echo with the proxy's silence before it. */
    static Echo[] echoes(List<UdpHeader> packets, int proxy, long fromNanos, long toNanos) {
        Map<Long, List<long[]>> echoes = new HashMap<>(); // connection -> [request at, reply at or -1, silence]
        Map<Long, Long> lastRequest = new HashMap<>();
        Map<Integer, Long> lastSeen = new HashMap<>(); // the proxy's port -> its last packet, any size, either way
        for (UdpHeader packet : packets) {
            Long silentSince = null;
            if (packet.destination() == proxy) {
                silentSince = lastSeen.put(packet.destinationPort(), packet.epochNanos());
            } else if (packet.source() == proxy) {
                lastSeen.put(packet.sourcePort(), packet.epochNanos());
            }
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
                    long silence = silentSince == null ? Long.MAX_VALUE : packet.epochNanos() - silentSince;
                    sent.add(new long[] {packet.epochNanos(), -1, silence});
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
                .map(echo -> new Echo(echo[1] - echo[0], echo[2]))
                .toArray(Echo[]::new);
    }

    private static long connection(int clientPort, int proxyPort) {
        return ((long) clientPort << 16) | proxyPort;
    }
}
