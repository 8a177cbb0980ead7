package io.quicroam.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.util.collection.IntObjectHashMap;
import io.netty.util.collection.IntObjectMap;
import io.netty.util.collection.LongObjectHashMap;
import io.netty.util.collection.LongObjectMap;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Finds the session that owns a downlink packet's destination. Lookups (the egress reader, once per packet) read
 * an immutable snapshot without locking or allocating; changes (a session starts or ends) copy it.
 * IPv6 sessions are keyed by the low 64 bits of their /128: the pool is one prefix of /64 or longer, so those bits
 * are unique.
 */
final class SessionRegistry {
    private record Snapshot(IntObjectMap<Session> byV4, LongObjectMap<Session> byV6) {}

    private volatile Snapshot snapshot = new Snapshot(new IntObjectHashMap<>(), new LongObjectHashMap<>());
    private final Map<Long, Session> byId = new HashMap<>();

    synchronized void put(Session session) {
        byId.put(session.id, session);
        rebuild();
    }

    /** False if it was already gone. */
    synchronized boolean remove(Session session) {
        boolean removed = byId.remove(session.id) != null;
        rebuild();
        return removed;
    }

    synchronized boolean contains(Session session) {
        return byId.get(session.id) == session;
    }

    /** Call after a session's addresses changed. */
    synchronized void reindex() {
        rebuild();
    }

    synchronized List<Session> sessions() {
        return new ArrayList<>(byId.values());
    }

    synchronized int size() {
        return byId.size();
    }

    /** The session owning the destination of a well-formed IPv4/IPv6 packet, or null. */
    Session byDestination(ByteBuf packet) {
        Snapshot current = snapshot;
        int start = packet.readerIndex();
        int version = (packet.getByte(start) & 0xf0) >>> 4;
        if (version == 4) {
            return current.byV4.get(packet.getInt(start + 16)); // RFC 791 §3.1: destination at offset 16
        }
        if (version == 6) {
            Session session = current.byV6.get(packet.getLong(start + 32)); // RFC 8200 §3: destination at 24..40
            return session != null && session.ipv6() != null && packet.getLong(start + 24) == high(session.ipv6())
                    ? session
                    : null;
        }
        return null;
    }

    private void rebuild() {
        IntObjectMap<Session> v4 = new IntObjectHashMap<>();
        LongObjectMap<Session> v6 = new LongObjectHashMap<>();
        Collection<Session> all = byId.values();
        for (Session session : all) {
            Inet4Address a4 = session.ipv4();
            if (a4 != null) {
                byte[] b = a4.getAddress();
                v4.put((b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff), session);
            }
            Inet6Address a6 = session.ipv6();
            if (a6 != null) {
                v6.put(low(a6), session);
            }
        }
        snapshot = new Snapshot(v4, v6);
    }

    private static long high(Inet6Address address) {
        return ByteBuffer.wrap(address.getAddress()).getLong(0);
    }

    private static long low(Inet6Address address) {
        return ByteBuffer.wrap(address.getAddress()).getLong(8);
    }
}
