package io.quicroam.transport;

/**
 * The largest DATAGRAM frame payload a connection can send now (RFC 9221 §5): it follows the path MTU that the
 * connection's DPLPMTUD finds (RFC 8899, RFC 9000 §14.3), so it is refreshed while the connection lives.
 *
 * <p>Threads: updated by whoever reads the connection's path, read by the packet path (volatile).
 */
public final class DatagramCapacity {
    private volatile int maxPayload;

    public DatagramCapacity(int maxPayload) {
        this.maxPayload = maxPayload;
    }

    public int maxPayload() {
        return maxPayload;
    }

    public void update(int value) {
        this.maxPayload = value;
    }
}
