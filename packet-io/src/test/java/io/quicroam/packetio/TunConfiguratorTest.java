package io.quicroam.packetio;

import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.ip.IpAddresses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quicroam.linux.Ip;
import io.quicroam.linux.NetworkNamespace;
import io.quicroam.linux.testing.RootOnly;
import io.quicroam.linux.testing.TestNamespace;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TunConfiguratorTest {

    @BeforeEach
    void needsRoot() {
        RootOnly.requireTun();
    }

    @Test
    void appliesTheConfigurationAndUndoesItOnClose() throws Exception {
        try (NetworkNamespace ns = TestNamespace.create();
                TunDevice device = TunDevice.open("qr%d", ns)) {
            Ip ip = ns.ip();
            String dev = device.name();
            int defaultMtu = new TunConfigurator(ip, dev).currentMtu();
            IpPrefix v4Route = IpPrefix.parse("100.64.0.0/24");
            IpPrefix v6Route = IpPrefix.parse("fd7a:5152::/64");
            IpPrefix extra = IpPrefix.parse("100.64.1.0/24");

            TunConfigurator config = TunConfigurator.of(device).apply(new DeviceSettings(1400,
                    List.of(IpAddresses.parse("100.64.0.2"), IpAddresses.parse("fd7a:5152::2")),
                    List.of(v4Route, v6Route)));
            config.addRoute(extra);

            assertThat(config.currentMtu()).isEqualTo(1400);
            assertThat(ip.run("-o", "link", "show", "dev", dev)).containsPattern("[<,]UP[,>]");
            assertThat(ip.run("-o", "address", "show", "dev", dev))
                    .contains("inet 100.64.0.2/32").contains("inet6 fd7a:5152::2/128");
            assertThat(ip.run("-4", "route", "show", "dev", dev))
                    .contains("100.64.0.0/24").contains("100.64.1.0/24");
            assertThat(ip.run("-6", "route", "show", "dev", dev)).contains("fd7a:5152::/64");

            config.removeRoute(extra);
            assertThat(ip.run("-4", "route", "show", "dev", dev)).doesNotContain("100.64.1.0/24");
            assertThatThrownBy(() -> config.removeRoute(extra))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no route");

            config.close();
            assertThat(config.currentMtu()).isEqualTo(defaultMtu);
            assertThat(ip.run("-o", "link", "show", "dev", dev)).doesNotContainPattern("[<,]UP[,>]");
            assertThat(ip.run("-o", "address", "show", "dev", dev)).doesNotContain("100.64.0.2");
            assertThat(ip.run("route", "show", "dev", dev)).isBlank();
            assertThat(device.isClosed()).as("the device outlives its configuration").isFalse();
        }
    }

    @Test
    void undoAfterTheDeviceIsGoneIsNotAnError() throws Exception {
        try (NetworkNamespace ns = TestNamespace.create()) {
            TunDevice device = TunDevice.open("qr%d", ns);
            TunConfigurator config = TunConfigurator.of(device).apply(new DeviceSettings(1400,
                    List.of(IpAddresses.parse("100.64.0.2")), List.of(IpPrefix.parse("100.64.0.0/24"))));
            device.close(); // deletes the device, its address and its route
            config.close();
        }
    }

    @Test
    void refusedCommandCarriesIpsMessage() throws Exception {
        try (NetworkNamespace ns = TestNamespace.create()) {
            TunConfigurator missing = new TunConfigurator(ns.ip(), "qrmissing0");
            assertThatThrownBy(() -> missing.up())
                    .hasMessageContaining("qrmissing0").hasMessageContaining("exit status");
        }
    }
}
