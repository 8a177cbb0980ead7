package io.quicroam.pathmanager.iface;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Classification from a fake /sys/class/net tree laid out like the kernel's. */
class SysfsClassifierTest {
    @TempDir
    Path sys;

    private Path iface(String name, int type, String uevent) throws Exception {
        Path dir = Files.createDirectories(sys.resolve(name));
        Files.writeString(dir.resolve("type"), type + "\n");
        Files.writeString(dir.resolve("uevent"), "INTERFACE=" + name + "\n" + uevent);
        return dir;
    }

    @Test
    void readsWhatTheKernelSays() throws Exception {
        Files.createDirectories(iface("wlp2s0", 1, "DEVTYPE=wlan\n").resolve("phy80211"));
        iface("wwan0", 519, "DEVTYPE=wwan\n");
        Files.createDirectories(iface("enp3s0", 1, "").resolve("device"));
        Files.writeString(iface("tun7", 65534, "DEVTYPE=tun\n").resolve("tun_flags"), "0x1001\n");
        iface("lo", 772, "");
        iface("br0", 1, "DEVTYPE=bridge\n");
        iface("odd0", 1, ""); // Ethernet-typed but no device behind it: falls back to the name
        SysfsClassifier c = new SysfsClassifier(sys);
        assertThat(c.classify("wlp2s0")).isEqualTo(InterfaceClass.WIFI);
        assertThat(c.classify("wwan0")).isEqualTo(InterfaceClass.CELLULAR);
        assertThat(c.classify("enp3s0")).isEqualTo(InterfaceClass.ETHERNET);
        assertThat(c.classify("tun7")).isEqualTo(InterfaceClass.VIRTUAL);
        assertThat(c.classify("lo")).isEqualTo(InterfaceClass.LOOPBACK);
        assertThat(c.classify("br0")).isEqualTo(InterfaceClass.VIRTUAL);
        assertThat(c.classify("odd0")).isEqualTo(InterfaceClass.OTHER);
    }

    @Test
    void withoutSysfsTheNameDecides() {
        SysfsClassifier c = new SysfsClassifier(sys);
        assertThat(c.classify("wlan0")).isEqualTo(InterfaceClass.WIFI);
        assertThat(c.classify("docker0")).isEqualTo(InterfaceClass.VIRTUAL);
        assertThat(c.classify("veth1a2b")).isEqualTo(InterfaceClass.VIRTUAL);
        assertThat(c.classify("br-5f3a")).isEqualTo(InterfaceClass.VIRTUAL);
        assertThat(c.classify("eth0")).isEqualTo(InterfaceClass.ETHERNET);
        assertThat(c.classify("wwan0")).isEqualTo(InterfaceClass.CELLULAR);
        assertThat(c.classify("../etc")).isEqualTo(InterfaceClass.OTHER);
    }
}
