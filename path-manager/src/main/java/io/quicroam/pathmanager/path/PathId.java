package io.quicroam.pathmanager.path;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * A path: an interface, the local address on it and the gateway it reaches. The {@link #label()} names it
 * without addresses (for logs at INFO and metric tags).
 */
public record PathId(String interfaceName, InetAddress local, InetSocketAddress gateway) {
    public PathId {
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(gateway, "gateway");
    }

    /** {@code wlan0} for IPv4, {@code wlan0/v6} for IPv6: privacy-safe and stable. */
    public String label() {
        return local instanceof Inet6Address ? interfaceName + "/v6" : interfaceName;
    }
}
