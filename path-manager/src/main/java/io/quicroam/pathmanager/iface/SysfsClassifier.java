package io.quicroam.pathmanager.iface;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Linux classification from {@code /sys/class/net/NAME}: the {@code wireless} or {@code phy80211} entries mean
 * Wi-Fi, {@code DEVTYPE=wwan} in {@code uevent} (or a raw-IP link, or a modem driver) cellular, {@code tun_flags} or
 * a device under {@code /sys/devices/virtual} virtual, {@code type} 772 loopback, an Ethernet-type link with a real
 * device ethernet. Where sysfs has no entry, the name decides ({@link NameClassifier}).
 */
public final class SysfsClassifier implements InterfaceClassifier {
    // ARPHRD_* from <linux/if_arp.h>.
    private static final int ARPHRD_ETHER = 1;
    private static final int ARPHRD_RAWIP = 519;
    private static final int ARPHRD_LOOPBACK = 772;
    // USB modem and phone-tethering drivers whose links are Ethernet-typed but reach a cellular network.
    private static final Set<String> CELLULAR_DRIVERS = Set.of(
            "qmi_wwan", "cdc_mbim", "rndis_host", "ipheth", "huawei_cdc_ncm", "cdc_ether_wwan", "option", "sierra_net");

    private final Path sysClassNet;
    private final NameClassifier byName = new NameClassifier();

    public SysfsClassifier() {
        this(Path.of("/sys/class/net"));
    }

    public SysfsClassifier(Path sysClassNet) {
        this.sysClassNet = sysClassNet;
    }

    @Override
    public InterfaceClass classify(String name) {
        Path dir = sysClassNet.resolve(name);
        if (name.contains("/") || !Files.isDirectory(dir)) {
            return byName.classify(name);
        }
        int type = readInt(dir.resolve("type"));
        String devtype = devtype(dir);
        if (type == ARPHRD_LOOPBACK) {
            return InterfaceClass.LOOPBACK;
        }
        if (Files.exists(dir.resolve("wireless")) || Files.exists(dir.resolve("phy80211")) || "wlan".equals(devtype)) {
            return InterfaceClass.WIFI;
        }
        if ("wwan".equals(devtype) || type == ARPHRD_RAWIP || CELLULAR_DRIVERS.contains(driver(dir))) {
            return InterfaceClass.CELLULAR;
        }
        if (Files.exists(dir.resolve("tun_flags"))
                || "bridge".equals(devtype)
                || NameClassifier.looksVirtual(name)
                || isUnderVirtualDevices(dir)) {
            return InterfaceClass.VIRTUAL;
        }
        if (type == ARPHRD_ETHER && Files.exists(dir.resolve("device"))) {
            return InterfaceClass.ETHERNET;
        }
        return byName.classify(name);
    }

    private static boolean isUnderVirtualDevices(Path dir) {
        try {
            return dir.toRealPath().toString().contains("/devices/virtual/");
        } catch (IOException e) {
            return false;
        }
    }

    private static String driver(Path dir) {
        try {
            return dir.resolve("device/driver").toRealPath().getFileName().toString();
        } catch (IOException e) {
            return "";
        }
    }

    private static String devtype(Path dir) {
        try {
            for (String line : Files.readAllLines(dir.resolve("uevent"), StandardCharsets.UTF_8)) {
                if (line.startsWith("DEVTYPE=")) {
                    return line.substring("DEVTYPE=".length()).trim();
                }
            }
        } catch (IOException e) {
            // No uevent: nothing to learn from it.
        }
        return "";
    }

    private static int readInt(Path file) {
        try {
            return Integer.parseInt(
                    Files.readString(file, StandardCharsets.UTF_8).trim());
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
    }
}
