package io.quicroam.agent;

import io.quicroam.linux.LinuxException;
import io.quicroam.linux.Privileges;
import io.quicroam.packetio.PacketIo;
import io.quicroam.packetio.TunDevice;
import io.quicroam.packetio.TunPacketIo;
import java.time.Duration;

/** Opens the agent's TUN device: its packet I/O, and its address, route and DNS configuration. */
public final class LinuxTun {
    private final TunPacketIo packetIo;
    private final LinuxTunnelDevice device;

    private LinuxTun(TunPacketIo packetIo, LinuxTunnelDevice device) {
        this.packetIo = packetIo;
        this.device = device;
    }

    /** Why the device could not be opened, said so the user knows what to run instead. */
    public static final class Unavailable extends Exception {
        private static final long serialVersionUID = 1L;

        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Opens {@code tunnel.device()}; its routes follow {@code tunnel}'s split, its name servers {@code dns}. */
    public static LinuxTun open(TunnelConfig tunnel, DnsConfig dns) throws Unavailable {
        String missing = Privileges.current().missingNetAdminReason();
        if (missing != null) {
            throw new Unavailable("cannot create the TUN device " + tunnel.device() + ": " + missing, null);
        }
        try {
            TunDevice tun = TunDevice.open(tunnel.device());
            DnsConfigurator resolver = new DnsConfigurator(dns, SystemCommands.host(Duration.ofSeconds(10)));
            return new LinuxTun(new TunPacketIo(tun, tunnel.readMtu()), new LinuxTunnelDevice(tun, tunnel, resolver));
        } catch (LinuxException e) {
            throw new Unavailable("cannot create the TUN device " + tunnel.device() + ": " + e.getMessage(), e);
        }
    }

    public PacketIo packetIo() {
        return packetIo;
    }

    public TunnelDevice device() {
        return device;
    }

    /** Applies new split-tunnel prefixes and name servers without touching the session (configuration reload). */
    public void reconfigure(TunnelConfig split, DnsConfig dns) throws Exception {
        device.reconfigure(split, dns);
    }
}
