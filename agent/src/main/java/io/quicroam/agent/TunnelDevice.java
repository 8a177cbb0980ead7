package io.quicroam.agent;

import java.net.InetAddress;
import java.util.Collection;

/**
 * What the agent does to the operating system's side of the tunnel when the proxy assigns addresses and routes:
 * on Linux, addresses and routes on the TUN device; nothing for in-memory packet I/O.
 */
public interface TunnelDevice extends AutoCloseable {
    /** Brings the device's addresses and routes to what {@code assignment} says, leaving out {@code excluded}. */
    void apply(TunnelAssignment assignment, Collection<InetAddress> excluded) throws Exception;

    /** Sets the device's MTU ({@code tunnel.mtu: auto} follows the paths). */
    void mtu(int value) throws Exception;

    /** Removes everything {@link #apply} added. */
    @Override
    void close();

    /** For in-memory packet I/O: nothing to configure. */
    TunnelDevice NONE = new TunnelDevice() {
        @Override
        public void apply(TunnelAssignment assignment, Collection<InetAddress> excluded) {}

        @Override
        public void mtu(int value) {}

        @Override
        public void close() {}
    };
}
