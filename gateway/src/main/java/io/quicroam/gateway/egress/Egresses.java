package io.quicroam.gateway.egress;

import io.quicroam.gateway.GatewayConfig;
import io.quicroam.linux.Privileges;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.packetio.DeviceSettings;
import io.quicroam.packetio.PacketIo;
import io.quicroam.packetio.TunConfigurator;
import io.quicroam.packetio.TunDevice;
import io.quicroam.packetio.TunPacketIo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** Opens the egress a gateway configuration names. */
public final class Egresses {
    private Egresses() {}

    /** Why an egress could not be opened, said so the operator knows what to do. */
    public static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    public static PacketIo open(GatewayConfig config) throws Unavailable {
        if (config.egress() == GatewayConfig.Egress.ECHO) {
            return new EchoHost();
        }
        String missing = Privileges.current().missingNetAdminReason();
        if (missing != null) {
            throw new Unavailable(
                    "egress: tun needs to create " + config.egressDevice() + ": " + missing
                            + " (or use 'egress: echo' to try the gateway without one)",
                    null);
        }
        try {
            TunDevice tun = TunDevice.open(config.egressDevice());
            // The pools are routed into the device so replies to sessions come back to us; forwarding and NAT
            // toward the Internet are the operator's (README).
            List<IpPrefix> routes = new ArrayList<>();
            for (IpPrefix pool : new IpPrefix[] {config.poolV4(), config.poolV6()}) {
                if (pool != null) {
                    routes.add(pool);
                }
            }
            TunConfigurator configurator =
                    TunConfigurator.of(tun).apply(new DeviceSettings(config.egressMtu(), List.of(), routes));
            return new TunEgress(new TunPacketIo(tun, config.egressMtu()), configurator);
        } catch (IOException e) {
            throw new Unavailable(
                    "cannot set up the egress device " + config.egressDevice() + ": " + e.getMessage(), e);
        }
    }
}
