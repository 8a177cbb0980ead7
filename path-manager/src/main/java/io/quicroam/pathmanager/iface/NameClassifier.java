package io.quicroam.pathmanager.iface;

import java.util.regex.Pattern;

/**
 * Classification from the interface name alone: the fallback where the OS says nothing more (no sysfs), and the
 * first check for well-known virtual devices everywhere.
 */
public final class NameClassifier implements InterfaceClassifier {
    // Containers, bridges, VM taps, tunnels and VPNs: never a way out of the laptop by default.
    private static final Pattern VIRTUAL = Pattern.compile(
            "(veth|docker|br-|virbr|vnet|tun|tap|wg|utun|vboxnet|vmnet|cni|flannel|cali|zt|tailscale|dummy).*");
    private static final Pattern LOOPBACK = Pattern.compile("lo\\d*");
    private static final Pattern WIFI = Pattern.compile("(wl|wifi).*");
    private static final Pattern CELLULAR = Pattern.compile("(wwan|wwp|rmnet|ccmni|lte|mbim|qmi).*");
    private static final Pattern ETHERNET = Pattern.compile("(eth|en|em).*");

    @Override
    public InterfaceClass classify(String name) {
        if (LOOPBACK.matcher(name).matches()) {
            return InterfaceClass.LOOPBACK;
        }
        if (VIRTUAL.matcher(name).matches()) {
            return InterfaceClass.VIRTUAL;
        }
        if (WIFI.matcher(name).matches()) {
            return InterfaceClass.WIFI;
        }
        if (CELLULAR.matcher(name).matches()) {
            return InterfaceClass.CELLULAR;
        }
        if (ETHERNET.matcher(name).matches()) {
            return InterfaceClass.ETHERNET;
        }
        return InterfaceClass.OTHER;
    }

    /** True if the name is one of the well-known virtual device families. */
    static boolean looksVirtual(String name) {
        return VIRTUAL.matcher(name).matches();
    }
}
