package io.quicroam.packetio;

import io.quicroam.linux.CommandException;
import io.quicroam.linux.CommandResult;
import io.quicroam.linux.Ip;
import io.quicroam.linux.LibC;
import io.quicroam.linux.LinuxException;
import io.quicroam.linux.NetworkNamespace;
import io.quicroam.linux.RouteSocket;
import io.quicroam.masque.capsule.IpPrefix;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Configures a link: MTU, addresses and up with {@code ip}, routes through rtnetlink ({@link RouteSocket}: one
 * message per route instead of one process, since a proxy may advertise hundreds); and undoes what it did, newest
 * first, on {@link #close()}. Deleting the device (closing the {@link TunDevice}) removes its addresses and routes
 * as well; undo matters when the device outlives the configuration. Not thread-safe: configure from one thread.
 */
public final class TunConfigurator implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TunConfigurator.class);
    private static final Pattern MTU = Pattern.compile(" mtu (\\d+) ");

    private final Ip ip;
    private final NetworkNamespace namespace; // null: the process's own
    private final String device;
    private final Deque<Undo> undo = new ArrayDeque<>(); // newest first
    private final Set<IpPrefix> routes = new LinkedHashSet<>(); // added through netlink, undone before the rest
    private RouteSocket routeSocket;
    private int ifindex;

    /**
     * An ip command that reverts one change, and for a removal, an ip command whose output is
     * empty once the thing is gone: the kernel removes some things on its own (IPv6 addresses when
     * the link goes down), so a failed removal of something already gone is not an error.
     */
    private record Undo(List<String> command, List<String> presence) {}

    /** Configures {@code device} in {@code namespace} (null: the process's own). */
    public TunConfigurator(NetworkNamespace namespace, String device) {
        this.ip = namespace == null ? Ip.host() : namespace.ip();
        this.namespace = namespace;
        this.device = device;
    }

    /** Configures a TUN device in its own network namespace. */
    public static TunConfigurator of(TunDevice device) {
        return new TunConfigurator(device.namespace(), device.name());
    }

    /** Sets the MTU, adds the addresses, brings the link up and adds the routes. */
    public TunConfigurator apply(DeviceSettings config) throws IOException {
        setMtu(config.mtu());
        for (InetAddress address : config.addresses()) {
            addAddress(address);
        }
        up();
        for (IpPrefix route : config.routes()) {
            addRoute(route);
        }
        return this;
    }

    /** Sets the link MTU; undo restores the previous one. */
    public void setMtu(int mtu) throws CommandException {
        if (mtu < DeviceSettings.MIN_MTU || mtu > DeviceSettings.MAX_MTU) {
            throw new IllegalArgumentException(
                    "MTU " + mtu + " out of " + DeviceSettings.MIN_MTU + ".." + DeviceSettings.MAX_MTU);
        }
        int previous = currentMtu();
        run(
                List.of("link", "set", "dev", device, "mtu", Integer.toString(mtu)),
                new Undo(List.of("link", "set", "dev", device, "mtu", Integer.toString(previous)), null));
    }

    /** The link's MTU now, as the kernel reports it. */
    public int currentMtu() throws CommandException {
        String line = ip.run("-o", "link", "show", "dev", device);
        Matcher m = MTU.matcher(line);
        if (!m.find()) {
            throw new CommandException(List.of("ip", "link", "show", device), "no MTU in: " + line);
        }
        return Integer.parseInt(m.group(1));
    }

    /**
     * Adds one of the link's own addresses as a host address (/32 or /128). IPv6 addresses skip
     * duplicate address detection ({@code nodad}): a point-to-point tunnel has no neighbour to
     * collide with, and DAD would keep the address unusable for a second.
     */
    public void addAddress(InetAddress address) throws CommandException {
        String prefix = IpPrefix.host(address).toString();
        List<String> add = new ArrayList<>(List.of("address", "add", prefix, "dev", device));
        if (address instanceof Inet6Address) {
            add.add("nodad");
        }
        run(
                add,
                new Undo(
                        List.of("address", "del", prefix, "dev", device),
                        List.of("-o", "address", "show", "dev", device, "to", prefix)));
    }

    /** Brings the link up; undo brings it down. */
    public void up() throws CommandException {
        run(List.of("link", "set", "dev", device, "up"), new Undo(List.of("link", "set", "dev", device, "down"), null));
    }

    /** Routes {@code prefix} into the link. */
    public void addRoute(IpPrefix prefix) throws IOException {
        log.debug("route add {} dev {}", prefix, device);
        routeSocket().add(prefix.address().getAddress(), prefix.prefixLength(), ifindex);
        routes.add(prefix);
    }

    /**
     * Removes a route this configurator added.
     *
     * @throws IllegalArgumentException when it did not add that route
     */
    public void removeRoute(IpPrefix prefix) throws IOException {
        if (!routes.contains(prefix)) {
            throw new IllegalArgumentException("no route to " + prefix + " was added to " + device);
        }
        routeSocket().delete(prefix.address().getAddress(), prefix.prefixLength(), ifindex);
        routes.remove(prefix);
    }

    /** The netlink socket in the device's namespace, opened with the first route. */
    private RouteSocket routeSocket() throws IOException {
        if (routeSocket == null) {
            ifindex = namespace == null ? LibC.ifNameToIndex(device) : namespace.call(() -> LibC.ifNameToIndex(device));
            routeSocket = RouteSocket.open(namespace);
        }
        return routeSocket;
    }

    private void run(List<String> command, Undo undoStep) throws CommandException {
        log.debug("{} {}", ip, command);
        ip.run(command.toArray(String[]::new));
        undo.push(undoStep);
    }

    /**
     * Undoes every change, newest first. Steps that fail because their target, or the whole
     * device, is already gone are fine; other failures are reported after every step was tried.
     */
    @Override
    public void close() throws IOException {
        List<CommandResult> failures = new ArrayList<>();
        removeRoutes(failures);
        for (Undo step; (step = undo.poll()) != null; ) {
            CommandResult result = ip.tryRun(step.command().toArray(String[]::new));
            if (!result.succeeded() && !alreadyGone(step)) {
                failures.add(result);
            }
        }
        if (failures.isEmpty() || !ip.tryRun("link", "show", "dev", device).succeeded()) {
            return;
        }
        CommandResult first = failures.get(0);
        CommandException error = new CommandException(
                first.command(),
                "undoing the configuration of " + device + " failed: "
                        + first.stderr().strip());
        failures.stream()
                .skip(1)
                .forEach(f -> error.addSuppressed(
                        new CommandException(f.command(), f.stderr().strip())));
        throw error;
    }

    /** Removes the routes, newest first; one already gone (with its device, say) is fine. */
    private void removeRoutes(List<CommandResult> failures) throws IOException {
        List<IpPrefix> newestFirst = new ArrayList<>(routes);
        java.util.Collections.reverse(newestFirst);
        for (IpPrefix route : newestFirst) {
            try {
                routeSocket.delete(route.address().getAddress(), route.prefixLength(), ifindex);
            } catch (LinuxException e) {
                if (e.errno() != LibC.ESRCH && e.errno() != LibC.ENODEV && e.errno() != LibC.ENOENT) {
                    failures.add(new CommandResult(
                            List.of("route", "del", route.toString(), "dev", device), -1, "", e.getMessage()));
                }
            }
        }
        routes.clear();
        if (routeSocket != null) {
            routeSocket.close();
            routeSocket = null;
        }
    }

    private boolean alreadyGone(Undo step) throws CommandException {
        if (step.presence() == null) {
            return false;
        }
        CommandResult shown = ip.tryRun(step.presence().toArray(String[]::new));
        return shown.succeeded() && shown.stdout().isBlank();
    }
}
