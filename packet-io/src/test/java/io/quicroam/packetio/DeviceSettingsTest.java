package io.quicroam.packetio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quicroam.masque.ip.IpAddresses;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DeviceSettings's MTU rules (RFC 791 §3.2, RFC 8200 §5). */
class DeviceSettingsTest {

    @Test
    void linkConfigEnforcesMtuRules() {
        var v6 = List.of(IpAddresses.parse("fd7a::2"));
        assertThat(new DeviceSettings(1280, v6, List.of()).mtu()).isEqualTo(1280);
        assertThatThrownBy(() -> new DeviceSettings(1279, v6, List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("RFC 8200");
        assertThat(new DeviceSettings(576, List.of(IpAddresses.parse("100.64.0.2")), List.of()).mtu())
                .isEqualTo(576);
        assertThatThrownBy(() -> new DeviceSettings(67, List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DeviceSettings(65536, List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
