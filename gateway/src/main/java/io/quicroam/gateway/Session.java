package io.quicroam.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.quicroam.masque.HttpDatagram;
import io.quicroam.masque.VarInt;
import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.capsule.PathStatus;
import io.quicroam.masque.extension.DuplicateFilter;
import io.quicroam.masque.extension.QuicroamExtension;
import io.quicroam.masque.ip.PrefixSet;
import io.quicroam.packetio.PacketIo;
import io.quicroam.pathmanager.time.Cancellable;
import io.quicroam.transport.DropCounter;
import io.quicroam.transport.DropReason;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client's tunnel: the addresses assigned to it and the paths (request streams) that carry it. With quicroam's
 * extension a session has several paths and outlives each of them; without it, exactly one. Uplink runs on the
 * streams' event loops, downlink on the egress reader; both read volatile snapshots, neither locks.
 */
final class Session {
    final long id;
    final String client;
    final Instant created;
    /**
     * The token the session was opened with, or null for a plain RFC 9484 session. Non-null means the session
     * speaks the extension; joins rotate the token ({@link SessionTokens}), so this one soon stops joining. Never
     * logged.
     */
    final String token;

    private volatile Inet4Address ipv4;
    private volatile Inet6Address ipv6;
    private volatile List<AssignedAddress> assigned = List.of();
    /** The assigned addresses as a set: the uplink anti-spoofing check (RFC 9484 §8). */
    private volatile PrefixSet sources = PrefixSet.of(List.of());

    private final CopyOnWriteArrayList<SessionPath> paths = new CopyOnWriteArrayList<>();
    private volatile SessionPath[] available = new SessionPath[0];
    private final AtomicLong nextPathId = new AtomicLong();
    private final AtomicLong downlinkSequence = new AtomicLong();
    final DuplicateFilter uplinkDuplicates = new DuplicateFilter();
    private final DropCounter drops;
    private Cancellable expiry;
    /** Ended for good (grace time over, or its client revoked): no path may attach any more. Guarded by this. */
    private boolean ended;

    Session(long id, String client, String token, DropCounter drops) {
        this.id = id;
        this.client = client;
        this.token = token;
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

    /** Replaces the assignment; each address carries the ID of the request that asked for it, or 0. */
    void assign(Inet4Address v4, long v4RequestId, Inet6Address v6, long v6RequestId) {
        List<AssignedAddress> list = new ArrayList<>(2);
        List<IpPrefix> hosts = new ArrayList<>(2);
        if (v4 != null) {
            list.add(new AssignedAddress(v4RequestId, IpPrefix.host(v4)));
            hosts.add(IpPrefix.host(v4));
        }
        if (v6 != null) {
            list.add(new AssignedAddress(v6RequestId, IpPrefix.host(v6)));
            hosts.add(IpPrefix.host(v6));
        }
        this.ipv4 = v4;
        this.ipv6 = v6;
        this.assigned = List.copyOf(list);
        this.sources = PrefixSet.of(hosts);
    }

    boolean ownsSourceOf(ByteBuf packet) {
        return sources.containsSource(packet);
    }

    /**
     * A new path: AVAILABLE if it is the only one, BACKUP until the agent says otherwise if not; null if the session
     * ended meanwhile (its grace time ran out between the join's admission and now: the join must be refused, or
     * the path would carry addresses already released).
     */
    synchronized SessionPath attach(PathChannel stream) {
        if (ended) {
            return null;
        }
        if (expiry != null) {
            expiry.cancel();
            expiry = null;
        }
        boolean first = paths.stream().noneMatch(SessionPath::isOpen);
        SessionPath path = new SessionPath(
                nextPathId.incrementAndGet(), stream, first ? PathStatus.Status.AVAILABLE : PathStatus.Status.BACKUP);
        paths.add(path);
        refresh();
        return path;
    }

    synchronized void detach(SessionPath path) {
        paths.remove(path);
        refresh();
    }

    /**
     * Ends the session if no path is open, atomically with {@link #attach}: a join either attaches before (and the
     * session lives on) or is refused after. True if it ended.
     */
    synchronized boolean endIfIdle() {
        if (openPaths() > 0) {
            return false;
        }
        ended = true;
        return true;
    }

    synchronized boolean ended() {
        return ended;
    }

    /** Ends the session whatever its paths (its client was revoked); returns the paths, to be closed. */
    synchronized List<SessionPath> end() {
        ended = true;
        return List.copyOf(paths);
    }

    /**
     * Applies a PATH_STATUS capsule that arrived on path {@code from} (docs/extension.md). ABANDON closes the path's
     * stream, but only from the path itself: about another path it is applied as BACKUP (downlink stops using it;
     * the agent sends ABANDON of a dead path on the others), so one path cannot tear down another.
     *
     * @return true if an ABANDON of another path was applied as BACKUP
     */
    boolean status(SessionPath from, PathStatus capsule) {
        boolean foreignAbandon = capsule.status() == PathStatus.Status.ABANDON && capsule.pathId() != from.pathId;
        PathStatus.Status status = foreignAbandon ? PathStatus.Status.BACKUP : capsule.status();
        for (SessionPath path : paths) {
            if (path.pathId == capsule.pathId() && path.update(capsule.sequence(), status)) {
                if (status == PathStatus.Status.ABANDON) {
                    path.stream.close();
                }
                synchronized (this) {
                    refresh();
                }
            }
        }
        return foreignAbandon;
    }

    /** The paths whose request streams are open now. */
    List<SessionPath> openPathList() {
        List<SessionPath> open = new ArrayList<>(paths.size());
        for (SessionPath path : paths) {
            if (path.isOpen()) {
                open.add(path);
            }
        }
        return open;
    }

    int openPaths() {
        int open = 0;
        for (SessionPath path : paths) {
            open += path.isOpen() ? 1 : 0;
        }
        return open;
    }

    /** Reads each open path's datagram capacity from its connection again ({@link CapacityRefresh}). */
    void refreshCapacities() {
        for (SessionPath path : paths) {
            if (path.isOpen()) {
                path.stream.refreshCapacity();
            }
        }
    }

    synchronized void expireWith(Cancellable removal) {
        this.expiry = removal;
    }

    private void refresh() {
        available = paths.stream()
                .filter(p -> p.status() == PathStatus.Status.AVAILABLE)
                .toArray(SessionPath[]::new);
    }

    /** What becomes of a downlink packet larger than the path it would take carries. */
    @FunctionalInterface
    interface Oversize {
        /** Takes ownership of {@code packet}; {@code limit} is the largest IP packet the path carries now. */
        void refuse(ByteBuf packet, int limit);
    }

    /**
     * Sends an IP packet to the client (takes ownership): on the AVAILABLE path; on every AVAILABLE path, sequenced,
     * when the agent runs the redundant scheduler; on the path heard from last when no AVAILABLE path is open
     * (the agent's PATH_STATUS may still be on its way). A packet larger than that path carries now (every path, for
     * sequenced copies) goes to {@code oversize} instead: handed to QUIC, it would only fail there.
     */
    void sendDownlink(ByteBuf packet, Oversize oversize) {
        SessionPath[] targets = available;
        int open = 0;
        for (SessionPath path : targets) {
            open += path.isOpen() ? 1 : 0;
        }
        if (open == 0) {
            SessionPath fallback = lastHeardOpenPath();
            if (fallback == null) {
                packet.release();
                drops.dropped(DropReason.NO_PATH);
                return;
            }
            sendOn(fallback, packet, oversize);
            return;
        }
        if (open == 1 || token == null) {
            for (SessionPath path : targets) {
                if (path.isOpen()) {
                    sendOn(path, packet, oversize);
                    return;
                }
            }
        }
        sendRedundant(targets, packet, oversize);
    }

    private static void sendOn(SessionPath path, ByteBuf packet, Oversize oversize) {
        int limit = path.stream.maxPayload(HttpDatagram.IP_PACKET_CONTEXT_ID);
        if (packet.readableBytes() > limit) {
            oversize.refuse(packet, limit);
            return;
        }
        path.stream.send(HttpDatagram.IP_PACKET_CONTEXT_ID, packet);
    }

    private void sendRedundant(SessionPath[] targets, ByteBuf packet, Oversize oversize) {
        long sequence = downlinkSequence.getAndIncrement();
        int headerLength = VarInt.length(sequence);
        int limit = Integer.MAX_VALUE;
        for (SessionPath path : targets) {
            if (path.isOpen()) {
                int room = path.stream.maxPayload(QuicroamExtension.SEQUENCED_IP_CONTEXT_ID) - headerLength;
                limit = Math.min(limit, room);
            }
        }
        if (packet.readableBytes() > limit) {
            oversize.refuse(packet, limit);
            return;
        }
        for (SessionPath path : targets) {
            if (!path.isOpen()) {
                continue;
            }
            ByteBufAllocator alloc = path.stream.alloc();
            ByteBuf copy = alloc.directBuffer(PacketIo.HEADROOM + headerLength + packet.readableBytes());
            copy.writerIndex(PacketIo.HEADROOM).readerIndex(PacketIo.HEADROOM); // headroom for the datagram header
            VarInt.write(copy, sequence);
            copy.writeBytes(packet, packet.readerIndex(), packet.readableBytes());
            path.stream.send(QuicroamExtension.SEQUENCED_IP_CONTEXT_ID, copy);
        }
        packet.release();
    }

    private SessionPath lastHeardOpenPath() {
        SessionPath best = null;
        for (SessionPath path : paths) {
            if (path.isOpen() && (best == null || path.lastHeardNanos() - best.lastHeardNanos() > 0)) {
                best = path;
            }
        }
        return best;
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
