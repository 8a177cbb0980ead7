package io.quicroam.masque.ip;

/** Internet Protocol Numbers used here (IANA "Assigned Internet Protocol Numbers"). */
public final class IpProtocol {

    public static final int HOP_BY_HOP = 0;
    public static final int ICMP = 1;
    public static final int TCP = 6;
    public static final int UDP = 17;
    public static final int ROUTING = 43;
    public static final int FRAGMENT = 44;
    public static final int AUTHENTICATION = 51;
    public static final int ICMPV6 = 58;
    public static final int DESTINATION_OPTIONS = 60;
    public static final int MOBILITY = 135;
    public static final int HIP = 139;
    public static final int SHIM6 = 140;
    public static final int EXPERIMENT_253 = 253;
    public static final int EXPERIMENT_254 = 254;

    private IpProtocol() {}

    /** The ICMP flavour of an IP version: ICMP (1) for IPv4, ICMPv6 (58) for IPv6. */
    public static int icmpFor(int ipVersion) {
        return ipVersion == 6 ? ICMPV6 : ICMP;
    }
}
