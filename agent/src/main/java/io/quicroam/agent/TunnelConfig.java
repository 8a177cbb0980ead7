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
 */
public record TunnelConfig(String device, int mtu, List<IpPrefix> include, List<IpPrefix> exclude) {

    public TunnelConfig {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
    }

    /** A full tunnel: every advertised route. */
    public TunnelConfig(String device, int mtu) {
        this(device, mtu, List.of(), List.of());
    }

    static TunnelConfig from(ConfigMap tunnel) throws ConfigException {
        String device = tunnel.string("device", "qr0");
        if (device.length() > 15 || !device.matches("[A-Za-z0-9_.%-]+")) {
            throw tunnel.error("device", "a Linux interface name: at most 15 letters, digits, '_', '.', '-'");
        }
        int mtu = tunnel.integer("mtu", 1280, 1280, 65535);
        List<IpPrefix> include = prefixes(tunnel, "include");
        List<IpPrefix> exclude = prefixes(tunnel, "exclude");
        tunnel.finish();
        return new TunnelConfig(device, mtu, include, exclude);
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
