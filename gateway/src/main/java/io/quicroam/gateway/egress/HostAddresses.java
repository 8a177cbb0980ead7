package io.quicroam.gateway.egress;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The addresses of this host's interfaces, read once when the gateway starts: what {@link EgressPolicy} protects. */
public final class HostAddresses {
    private HostAddresses() {}

    /** Every address of every interface, and {@code extra} (the listen address, the tunnel-link addresses). */
    public static List<InetAddress> now(List<InetAddress> extra) throws IOException {
        List<InetAddress> all = new ArrayList<>(extra);
        for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
            for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                // A link-local address carries its interface as a scope: compare the bare address.
                all.add(InetAddress.getByAddress(address.getAddress()));
            }
        }
        all.removeIf(InetAddress::isAnyLocalAddress);
        return List.copyOf(all);
    }
}
