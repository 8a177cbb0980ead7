package io.quicroam.agent;

import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.packetio.LinkConfig;
import io.quicroam.packetio.TunConfigurator;
import io.quicroam.packetio.TunDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The agent's TUN device on Linux: carries the assigned addresses and the advertised routes, minus the proxy's
 * own address so the tunnel never routes itself. A changed assignment is applied by undoing the previous one and
 * applying the new one (assignments change rarely). Closing removes every address and route it added.
 */
final class LinuxTunnelDevice implements TunnelDevice {
    private static final Logger log = LoggerFactory.getLogger(LinuxTunnelDevice.class);

    private final TunDevice tun;
    private final int mtu;
    private TunConfigurator applied;
    private LinkConfig current;

    LinuxTunnelDevice(TunDevice tun, int mtu) {
        this.tun = tun;
        this.mtu = mtu;
    }

    @Override
    public synchronized void apply(TunnelAssignment assignment, Collection<InetAddress> excluded) throws Exception {
        List<InetAddress> addresses = new ArrayList<>();
        for (AssignedAddress address : assignment.addresses()) {
            if (!address.prefix().address().isAnyLocalAddress()) {
                addresses.add(address.prefix().address());
            }
        }
        List<IpPrefix> routes = new ArrayList<>();
        for (RoutePrefixes.Route route : RoutePrefixes.of(assignment.routes(), excluded)) {
            routes.add(new IpPrefix(route.address(), route.prefixLength()));
        }
        LinkConfig wanted = new LinkConfig(mtu, addresses, routes);
        if (wanted.equals(current)) {
            return;
        }
        undo();
        applied = TunConfigurator.of(tun).apply(wanted);
        current = wanted;
        log.info("{}: {} address(es), {} route(s), MTU {}", tun.name(), addresses.size(), routes.size(), mtu);
    }

    private void undo() {
        if (applied != null) {
            try {
                applied.close();
            } catch (Exception e) {
                log.warn("{}: undoing the previous configuration: {}", tun.name(), e.getMessage());
            }
            applied = null;
            current = null;
        }
    }

    @Override
    public synchronized void close() {
        undo();
    }
}
