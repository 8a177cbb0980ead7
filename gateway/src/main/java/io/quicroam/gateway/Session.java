package io.quicroam.gateway;

import io.netty.buffer.ByteBuf;
import io.quicroam.masque.HttpDatagram;
import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.ip.PrefixSet;
import io.quicroam.transport.DropCounter;
import io.quicroam.transport.DropReason;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A client's tunnel: the addresses assigned to it and the streams that carry it. Uplink runs on the streams'
 * event loops, downlink on the egress reader; both read volatile snapshots, neither locks.
 */
final class Session {
    final long id;
    final String client;
    final Instant created;
    private volatile Inet4Address ipv4;
    private volatile Inet6Address ipv6;
    private volatile List<AssignedAddress> assigned = List.of();
    /** The assigned addresses as a set: the uplink anti-spoofing check (RFC 9484 §8). */
    private volatile PrefixSet sources = PrefixSet.of(List.of());
    private volatile TunnelStream downlink;
    private final DropCounter drops;

    Session(long id, String client, DropCounter drops) {
        this.id = id;
        this.client = client;
        this.drops = drops;
        this.created = Instant.now();
    }

    Inet4Address ipv4() {
        return ipv4;
    }

    Inet6Address ipv6() {
        return ipv6;
    }

    List<AssignedAddress> assigned() {
        return assigned;
    }

    /** Replaces the assignment; {@code requestIds} maps an address to the request that asked for it (or 0). */
    void assign(Inet4Address v4, long v4RequestId, Inet6Address v6, long v6RequestId) {
        List<AssignedAddress> list = new ArrayList<>(2);
        List<IpPrefix> entries = new ArrayList<>(2);
        if (v4 != null) {
            list.add(new AssignedAddress(v4RequestId, new IpPrefix(v4, 32)));
            entries.add(IpPrefix.host(v4));
        }
        if (v6 != null) {
            list.add(new AssignedAddress(v6RequestId, new IpPrefix(v6, 128)));
            entries.add(IpPrefix.host(v6));
        }
        this.ipv4 = v4;
        this.ipv6 = v6;
        this.assigned = List.copyOf(list);
        this.sources = PrefixSet.of(entries);
    }

    boolean ownsSourceOf(ByteBuf packet) {
        return sources.containsSource(packet);
    }

    void attach(TunnelStream stream) {
        this.downlink = stream;
    }

    void detach(TunnelStream stream) {
        if (downlink == stream) {
            downlink = null;
        }
    }

    boolean hasStream() {
        TunnelStream stream = downlink;
        return stream != null && stream.isOpen();
    }

    /** Sends an IP packet to the client; takes ownership. */
    void sendDownlink(ByteBuf packet) {
        TunnelStream stream = downlink;
        if (stream == null) {
            packet.release();
            drops.dropped(DropReason.NO_PATH);
            return;
        }
        stream.send(HttpDatagram.IP_PACKET_CONTEXT_ID, packet);
    }

    List<InetAddress> addresses() {
        List<InetAddress> list = new ArrayList<>(2);
        if (ipv4 != null) {
            list.add(ipv4);
        }
        if (ipv6 != null) {
            list.add(ipv6);
        }
        return list;
    }
}
