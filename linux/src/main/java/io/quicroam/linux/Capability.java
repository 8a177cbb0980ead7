package io.quicroam.linux;

import java.util.Locale;

/** The Linux capabilities quicroam needs, with their bit numbers from {@code <linux/capability.h>}. */
public enum Capability {
    /** Configure interfaces, addresses and routes; create TUN devices. */
    NET_ADMIN(12),
    /** Raw sockets and SO_BINDTODEVICE. */
    NET_RAW(13),
    /** Enter and create network namespaces (setns, ip netns). */
    SYS_ADMIN(21);

    private final int bit;

    Capability(int bit) {
        this.bit = bit;
    }

    /** The capability's bit in a CapEff mask. */
    public int bit() {
        return bit;
    }

    /** The name setcap and capsh use, e.g. {@code cap_net_admin}. */
    public String capName() {
        return "cap_" + name().toLowerCase(Locale.ROOT);
    }
}
