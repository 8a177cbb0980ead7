package io.quicroam.agent;

import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.packetio.DeviceSettings;
import io.quicroam.packetio.TunConfigurator;
import io.quicroam.packetio.TunDevice;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's TUN device on Linux: carries the assigned addresses and the advertised routes narrowed by split
 * tunnelling ({@link RoutePrefixes}), minus the proxy's own addresses so the tunnel never routes itself and minus
 * the directly connected subnets ({@link ConnectedSubnets}), at most {@code tunnel.max-routes} of them, and the
 * link's name servers. When only the routes change (a path to another gateway address, a reloaded split) just the
 * difference is applied, so open connections keep their source address; a changed address or MTU is applied by
 * undoing the previous configuration and applying the new one. Closing removes everything it added.
 */
final class LinuxTunnelDevice implements TunnelDevice {
    private static final Logger log = LoggerFactory.getLogger(LinuxTunnelDevice.class);

    private final TunDevice tun;
    private int mtu;
    private final DnsConfigurator dns;
    private TunnelConfig split;
    private TunConfigurator applied;
    private DeviceSettings current;
    private TunnelAssignment lastAssignment;
    private List<InetAddress> lastExcluded = List.of();

    /** A full tunnel without DNS settings. */
    LinuxTunnelDevice(TunDevice tun, int mtu) {
        this(
                tun,
                new TunnelConfig(tun.name(), mtu),
                new DnsConfigurator(DnsConfig.NONE, SystemCommands.host(Duration.ofSeconds(10))));
    }

    LinuxTunnelDevice(TunDevice tun, TunnelConfig tunnel, DnsConfigurator dns) {
        this.tun = tun;
        this.mtu = tunnel.deviceMtu();
        this.split = tunnel;
        this.dns = dns;
    }

    @Override
    public synchronized void apply(TunnelAssignment assignment, Collection<InetAddress> excluded) throws Exception {
        lastAssignment = assignment;
        lastExcluded = List.copyOf(excluded);
        List<InetAddress> addresses = new ArrayList<>();
        for (AssignedAddress address : assignment.addresses()) {
            if (!address.prefix().address().isAnyLocalAddress()) {
                addresses.add(HostAddress.inside(address.prefix()));
            }
        }
        // Exclusions win: the user's, the directly connected subnets, and (as hosts) the proxy's own addresses.
        List<IpPrefix> exclude = new ArrayList<>(split.exclude());
        exclude.addAll(ConnectedSubnets.parse(tun.ip().run("-o", "address", "show"), tun.name()));
        List<IpPrefix> routes = RoutePrefixes.of(assignment.routes(), split.include(), exclude, excluded);
        if (routes.size() > split.maxRoutes()) {
            // The ranges were capped already; holes punched into them can still multiply the prefixes.
            log.warn(
                    "{}: the proxy's routes come to {} prefixes; only the first {} (tunnel.max-routes) are applied",
                    tun.name(),
                    routes.size(),
                    split.maxRoutes());
            routes = List.copyOf(routes.subList(0, split.maxRoutes()));
        }
        DeviceSettings wanted = new DeviceSettings(mtu, addresses, routes);
        if (wanted.equals(current)) {
            return;
        }
        if (current != null
                && current.mtu() == wanted.mtu()
                && current.addresses().equals(wanted.addresses())) {
            changeRoutes(wanted);
        } else {
            undo();
            applied = TunConfigurator.of(tun).apply(wanted);
            current = wanted;
        }
        log.info("{}: {} address(es), {} route(s), MTU {}", tun.name(), addresses.size(), routes.size(), mtu);
        dns.apply(tun.name());
    }

    /** A new MTU on the configured device, addresses and routes untouched (open connections keep going). */
    @Override
    public synchronized void mtu(int value) throws Exception {
        if (value == mtu) {
            return;
        }
        mtu = value;
        if (applied != null) {
            applied.setMtu(value);
            current = new DeviceSettings(value, current.addresses(), current.routes());
        }
    }

    private void changeRoutes(DeviceSettings wanted) throws Exception {
        Set<IpPrefix> stale = new LinkedHashSet<>(current.routes());
        stale.removeAll(wanted.routes());
        Set<IpPrefix> missing = new LinkedHashSet<>(wanted.routes());
        missing.removeAll(current.routes());
        // Add first: a destination covered by both the old and the new routes never loses its route.
        for (IpPrefix route : missing) {
            applied.addRoute(route);
        }
        for (IpPrefix route : stale) {
            applied.removeRoute(route);
        }
        current = wanted;
    }

    /** Applies new split-tunnel prefixes and name servers to the running tunnel (configuration reload). */
    synchronized void reconfigure(TunnelConfig newSplit, DnsConfig newDns) throws Exception {
        split = newSplit;
        dns.reconfigure(newDns);
        if (lastAssignment != null) {
            apply(lastAssignment, lastExcluded);
        }
    }

    private void undo() {
        if (applied != null) {
            try {
                applied.close();
            } catch (Exception e) {
                log.warn("{}: undoing the previous configuration failed", tun.name());
                log.debug("{}: undoing the previous configuration: {}", tun.name(), e.getMessage());
            }
            applied = null;
            current = null;
        }
    }

    @Override
    public synchronized void close() {
        dns.close();
        undo();
    }
}
