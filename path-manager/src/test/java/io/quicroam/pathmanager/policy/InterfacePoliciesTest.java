package io.quicroam.pathmanager.policy;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.pathmanager.iface.InterfaceClass;
import io.quicroam.pathmanager.iface.NetInterface;
import java.net.InetAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InterfacePoliciesTest {
    private static NetInterface up(String name, InterfaceClass type, String... addresses) throws Exception {
        List<InetAddress> list = new java.util.ArrayList<>();
        for (String a : addresses) {
            list.add(InetAddress.getByName(a));
        }
        return new NetInterface(name, 2, type, true, list);
    }

    @Test
    void builtInDefaultsPreferWiredThenWifiThenMeteredCellular() {
        InterfacePolicies p = InterfacePolicies.defaults();
        assertThat(p.resolve("eth0", InterfaceClass.ETHERNET).priority())
                .isLessThan(p.resolve("wlan0", InterfaceClass.WIFI).priority());
        assertThat(p.resolve("wlan0", InterfaceClass.WIFI).priority())
                .isLessThan(p.resolve("wwan0", InterfaceClass.CELLULAR).priority());
        assertThat(p.resolve("wwan0", InterfaceClass.CELLULAR).metered()).isTrue();
    }

    @Test
    void exactNameBeatsGlobAndFirstGlobWins() {
        Map<String, InterfaceSettings> entries = new LinkedHashMap<>();
        entries.put("wl*", new InterfaceSettings(null, 7, null, null, null));
        entries.put("wlan*", new InterfaceSettings(null, 8, null, null, null));
        entries.put("wlan1", new InterfaceSettings(null, 9, null, null, null));
        InterfacePolicies p = new InterfacePolicies(Map.of(), entries, null);
        assertThat(p.resolve("wlan0", InterfaceClass.WIFI).priority()).isEqualTo(7);
        assertThat(p.resolve("wlan1", InterfaceClass.WIFI).priority()).isEqualTo(9);
        assertThat(p.resolve("eth0", InterfaceClass.ETHERNET).priority()).isEqualTo(10);
    }

    @Test
    void verdictsExplainWhyNot() throws Exception {
        Map<String, InterfaceSettings> entries = Map.of(
                "docker*",
                new InterfaceSettings(null, null, null, null, true),
                "veth9",
                new InterfaceSettings(null, null, null, null, false));
        InterfacePolicies p = new InterfacePolicies(Map.of(), entries, null).withTunnelDevice("qr0");
        assertThat(p.verdict(up("wlan0", InterfaceClass.WIFI, "198.18.0.2")).usable())
                .isTrue();
        assertThat(p.verdict(up("qr0", InterfaceClass.ETHERNET, "100.64.0.2")).reason())
                .isEqualTo("the agent's own tunnel device");
        assertThat(p.verdict(up("docker0", InterfaceClass.VIRTUAL, "172.17.0.1"))
                        .reason())
                .isEqualTo("excluded by interfaces.docker*");
        assertThat(p.verdict(up("virbr0", InterfaceClass.VIRTUAL, "192.168.122.1"))
                        .reason())
                .isEqualTo("virtual interfaces are excluded by default");
        assertThat(p.verdict(up("veth9", InterfaceClass.VIRTUAL, "198.18.9.1")).usable())
                .isTrue();
        assertThat(p.verdict(up("wlan1", InterfaceClass.WIFI, "fe80::1")).reason())
                .isEqualTo("no routable address");
        assertThat(p.verdict(up("wlan2", InterfaceClass.WIFI, "198.18.0.3").withCarrier(false))
                        .reason())
                .isEqualTo("no carrier");
    }
}
