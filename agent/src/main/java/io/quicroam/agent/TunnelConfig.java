package io.quicroam.agent;

import io.quicroam.config.ConfigException;
import io.quicroam.config.ConfigMap;

/**
 * The agent's tunnel device ({@code tunnel:} in agent.yaml).
 *
 * @param device TUN device name
 * @param mtu    inner MTU; at least 1280 so IPv6 works (RFC 8200 §5, RFC 9484 §10.1)
 */
public record TunnelConfig(String device, int mtu) {

    static TunnelConfig from(ConfigMap tunnel) throws ConfigException {
        String device = tunnel.string("device", "qr0");
        if (device.length() > 15 || !device.matches("[A-Za-z0-9_.%-]+")) {
            throw tunnel.error("device", "a Linux interface name: at most 15 letters, digits, '_', '.', '-'");
        }
        int mtu = tunnel.integer("mtu", 1280, 1280, 65535);
        tunnel.finish();
        return new TunnelConfig(device, mtu);
    }
}
