package io.quicroam.agent;

import io.quicroam.linux.LinuxException;
import io.quicroam.linux.Privileges;
import io.quicroam.packetio.PacketIo;
import io.quicroam.packetio.TunDevice;
import io.quicroam.packetio.TunPacketIo;

/** Opens the agent's TUN device: its packet I/O and its address/route configuration. */
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

    public static LinuxTun open(TunnelConfig tunnel) throws Unavailable {
        String missing = Privileges.current().missingNetAdminReason();
        if (missing != null) {
            throw new Unavailable("cannot create the TUN device " + tunnel.device() + ": " + missing, null);
        }
        try {
            TunDevice tun = TunDevice.open(tunnel.device());
            return new LinuxTun(new TunPacketIo(tun, tunnel.mtu()), new LinuxTunnelDevice(tun, tunnel.mtu()));
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
}
