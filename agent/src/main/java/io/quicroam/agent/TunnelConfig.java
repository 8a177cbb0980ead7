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
 * @param mtu     inner MTU; at least 1280 so IPv6 works (RFC 8200 §5, RFC 9484 §10.1)
 * @param include when not empty, only destinations inside these prefixes (and the advertised routes) use the tunnel
 * @param exclude destinations inside these prefixes never use the tunnel; exclude wins over include
 * @param maxRoutes         the most routes the proxy may install on this machine
 * @param allowDefaultRoute whether the proxy may route everything (a range covering a whole family) into the tunnel
 */
public record TunnelConfig(String device, int mtu, List<IpPrefix> include, List<IpPrefix> exclude, int maxRoutes,
                           boolean allowDefaultRoute) {
    public static final int DEFAULT_MAX_ROUTES = 1024;

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

    static TunnelConfig from(ConfigMap tunnel) throws ConfigException {
        String device = tunnel.string("device", "qr0");
        if (device.length() > 15 || !device.matches("[A-Za-z0-9_.%-]+")) {
            throw tunnel.error("device", "a Linux interface name: at most 15 letters, digits, '_', '.', '-'");
        }
        int mtu = tunnel.integer("mtu", 1280, 1280, 65535);
        List<IpPrefix> include = prefixes(tunnel, "include");
        List<IpPrefix> exclude = prefixes(tunnel, "exclude");
        int maxRoutes = tunnel.integer("max-routes", DEFAULT_MAX_ROUTES, 1, 100_000);
        boolean allowDefaultRoute = tunnel.bool("allow-default-route", true);
        tunnel.finish();
        return new TunnelConfig(device, mtu, include, exclude, maxRoutes, allowDefaultRoute);
    }

    private static List<IpPrefix> prefixes(ConfigMap tunnel, String key) throws ConfigException {
        List<IpPrefix> prefixes = new ArrayList<>();
        for (String text : tunnel.stringList(key)) {
            try {
                prefixes.add(IpPrefix.parse(text.trim()));
            } catch (IllegalArgumentException e) {
                throw tunnel.error(key, "a list of prefixes such as 10.0.0.0/8 or 2001:db8::/32 (entry '" + text + "': "
                        + e.getMessage() + ")");
            }
        }
        return List.copyOf(prefixes);
    }
}
