package io.quicroam.agent;

import io.quicroam.config.ConfigException;
import io.quicroam.config.ConfigMap;
import io.quicroam.masque.capsule.IpPrefix;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's tunnel device ({@code tunnel:} in agent.yaml) and split tunnelling on top of the advertised routes.
 *
 * @param device  TUN device name
 * @param mtu     inner MTU, at least 1280 so IPv6 works (RFC 8200 §5, RFC 9484 §7.1); or {@link #AUTO_MTU}: the
 *                largest packet every path that may carry traffic can take, following the paths
 * @param include when not empty, only destinations inside these prefixes (and the advertised routes) use the tunnel
 * @param exclude destinations inside these prefixes never use the tunnel; exclude wins over include
 * @param maxRoutes         the most routes the proxy may install on this machine
 * @param allowDefaultRoute whether the proxy may route everything (a range covering a whole family) into the tunnel
 */
public record TunnelConfig(
        String device,
        int mtu,
        List<IpPrefix> include,
        List<IpPrefix> exclude,
        int maxRoutes,
        boolean allowDefaultRoute) {
    /** {@code tunnel.mtu: auto} (the default). */
    public static final int AUTO_MTU = 0;

    public static final int DEFAULT_MAX_ROUTES = 1024;
    /**
     * The largest MTU {@code auto} may choose: above what any path's datagram carries with QUIC's default ceiling
     * of a 1500-byte link, so it bounds the device's read buffer without ever limiting the tunnel.
     */
    static final int AUTO_MTU_MAX = 1500;

    private static final int MIN_MTU = 1280;

    public TunnelConfig {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
    }

    /** A full tunnel: every advertised route. */
    public TunnelConfig(String device, int mtu) {
        this(device, mtu, List.of(), List.of());
    }

    /** With the default limits: {@value #DEFAULT_MAX_ROUTES} routes, the default route allowed. */
    public TunnelConfig(String device, int mtu, List<IpPrefix> include, List<IpPrefix> exclude) {
        this(device, mtu, include, exclude, DEFAULT_MAX_ROUTES, true);
    }

    /** The same device and limits with other split-tunnel prefixes (a configuration reload). */
    public TunnelConfig withSplit(List<IpPrefix> newInclude, List<IpPrefix> newExclude) {
        return new TunnelConfig(device, mtu, newInclude, newExclude, maxRoutes, allowDefaultRoute);
    }

    public boolean autoMtu() {
        return mtu == AUTO_MTU;
    }

    /** The device's MTU when it is created: {@code auto} starts at the 1280 every path must carry and follows them. */
    int deviceMtu() {
        return autoMtu() ? MIN_MTU : mtu;
    }

    /** The largest packet the device may ever hand over: its read buffer. */
    public int readMtu() {
        return autoMtu() ? AUTO_MTU_MAX : mtu;
    }

    static TunnelConfig from(ConfigMap tunnel) throws ConfigException {
        String device = tunnel.string("device", "qr0");
        if (device.length() > 15 || !device.matches("[A-Za-z0-9_.%-]+")) {
            throw tunnel.error("device", "a Linux interface name: at most 15 letters, digits, '_', '.', '-'");
        }
        int mtu = mtu(tunnel);
        List<IpPrefix> include = prefixes(tunnel, "include");
        List<IpPrefix> exclude = prefixes(tunnel, "exclude");
        int maxRoutes = tunnel.integer("max-routes", DEFAULT_MAX_ROUTES, 1, 100_000);
        boolean allowDefaultRoute = tunnel.bool("allow-default-route", true);
        tunnel.finish();
        return new TunnelConfig(device, mtu, include, exclude, maxRoutes, allowDefaultRoute);
    }

    private static int mtu(ConfigMap tunnel) throws ConfigException {
        String text = tunnel.string("mtu", "auto");
        if (text.equals("auto")) {
            return AUTO_MTU;
        }
        try {
            int mtu = Integer.parseInt(text.replace("_", ""));
            if (mtu >= MIN_MTU && mtu <= 65535) {
                return mtu;
            }
        } catch (NumberFormatException e) {
            // answered below, with what is allowed
        }
        throw tunnel.error("mtu", "auto, or an integer between 1280 and 65535");
    }

    private static List<IpPrefix> prefixes(ConfigMap tunnel, String key) throws ConfigException {
        List<IpPrefix> prefixes = new ArrayList<>();
        for (String text : tunnel.stringList(key)) {
            try {
                prefixes.add(IpPrefix.parse(text.trim()));
            } catch (IllegalArgumentException e) {
                throw tunnel.error(
                        key,
                        "a list of prefixes such as 10.0.0.0/8 or 2001:db8::/32 (entry '" + text + "': "
                                + e.getMessage() + ")");
            }
        }
        return List.copyOf(prefixes);
    }
}
