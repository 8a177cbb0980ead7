package io.quicroam.agent;

import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.ip.AddressMath;
import io.quicroam.masque.ip.IpAddresses;
import java.math.BigInteger;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The subnets this machine reaches directly: the prefixes of its interfaces' addresses, other than the tunnel
 * device's. The proxy's routes must never cover them: the printer, the router's admin page and the Wi-Fi's captive
 * portal stay on the local link, and a proxy cannot pull the laptop's LAN traffic into the tunnel.
 */
final class ConnectedSubnets {
    private ConnectedSubnets() {}

    /**
     * The subnets in the output of {@code ip -o address show}, one address per line such as {@code
     * 2: wlan0    inet 192.168.1.20/24 brd 192.168.1.255 scope global wlan0 ...}, except {@code tunnelDevice}'s.
     */
    static List<IpPrefix> parse(String ipAddressShow, String tunnelDevice) {
        List<IpPrefix> subnets = new ArrayList<>();
        for (String line : ipAddressShow.lines().toList()) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length < 4 || !(fields[2].equals("inet") || fields[2].equals("inet6"))) {
                continue;
            }
            String device = fields[1].contains("@") ? fields[1].substring(0, fields[1].indexOf('@')) : fields[1];
            int slash = fields[3].indexOf('/');
            if (device.equals(tunnelDevice) || slash < 0) {
                continue;
            }
            InetAddress address = IpAddresses.parse(fields[3].substring(0, slash));
            IpPrefix subnet = network(address, Integer.parseInt(fields[3].substring(slash + 1)));
            if (!subnets.contains(subnet)) {
                subnets.add(subnet);
            }
        }
        return subnets;
    }

    /** The prefix of {@code length} bits that holds {@code address}. */
    private static IpPrefix network(InetAddress address, int length) {
        int bits = address.getAddress().length * 8;
        BigInteger hostMask = BigInteger.ONE.shiftLeft(bits - length).subtract(BigInteger.ONE);
        BigInteger start = AddressMath.toNumber(address).andNot(hostMask);
        return new IpPrefix(AddressMath.fromNumber(start, bits / 8), length);
    }
}
