package io.quicroam.agent;

import io.quicroam.pathmanager.iface.NetInterface;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Where a path on an interface binds and where it sends. For a laptop: bind to the interface's address (and pin the
 * socket to the interface), send to the proxy. The simulator sends each interface's packets to its emulated link.
 */
public interface PathEndpoints {
    InetSocketAddress local(NetInterface ni, InetAddress address);

    InetSocketAddress remote(NetInterface ni, InetAddress address);

    /** The device a path's socket is pinned to (SO_BINDTODEVICE), or null to rely on the local address alone. */
    default String device(NetInterface ni) {
        return ni.name();
    }

    /** The laptop's case: bind to the interface's address, any port; send to {@code proxy}. */
    static PathEndpoints direct(InetSocketAddress proxy) {
        return new PathEndpoints() {
            @Override
            public InetSocketAddress local(NetInterface ni, InetAddress address) {
                return new InetSocketAddress(address, 0);
            }

            @Override
            public InetSocketAddress remote(NetInterface ni, InetAddress address) {
                return proxy;
            }
        };
    }
}
