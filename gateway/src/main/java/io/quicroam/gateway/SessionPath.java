package io.quicroam.gateway;

import io.quicroam.masque.capsule.PathStatus;

/**
 * One path of a session: a request stream (over QUIC or HTTP/2), what the agent says it is for, and when it last
 * spoke.
 */
final class SessionPath {
    final long pathId;
    final PathChannel stream;
    private volatile PathStatus.Status status;
    private long statusSequence = -1;
    private volatile long lastHeardNanos = System.nanoTime();

    SessionPath(long pathId, PathChannel stream, PathStatus.Status initial) {
        this.pathId = pathId;
        this.stream = stream;
        this.status = initial;
    }

    PathStatus.Status status() {
        return status;
    }

    /** Applies a PATH_STATUS unless it is older than one already applied; true if applied. */
    synchronized boolean update(long sequence, PathStatus.Status newStatus) {
        if (sequence <= statusSequence) {
            return false; // stale: PATH_STATUS may arrive out of order over different paths
        }
        statusSequence = sequence;
        status = newStatus;
        return true;
    }

    void heard() {
        lastHeardNanos = System.nanoTime();
    }

    long lastHeardNanos() {
        return lastHeardNanos;
    }

    boolean isOpen() {
        return stream.isOpen();
    }
}
