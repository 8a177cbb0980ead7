package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.pathmanager.iface.InterfaceClass;
import io.quicroam.pathmanager.iface.NetInterface;
import java.util.List;
import org.junit.jupiter.api.Test;

class FirstOpenTurnsTest {
    private static final NetInterface WIFI = new NetInterface("wlan0", 2, InterfaceClass.WIFI, true, List.of());
    private static final NetInterface LTE = new NetInterface("wwan0", 3, InterfaceClass.CELLULAR, true, List.of());
    private static final NetInterface ETH = new NetInterface("eth0", 4, InterfaceClass.ETHERNET, true, List.of());

    @Test
    void anInterfaceThatGotNoAnswerWaitsBehindTheUntriedOnesUntilASessionOpens() {
        FirstOpenTurns turns = new FirstOpenTurns();
        assertThat(names(turns.order(List.of(WIFI, LTE, ETH)))).containsExactly("wlan0", "wwan0", "eth0");

        turns.unanswered("wlan0");
        assertThat(names(turns.order(List.of(WIFI, LTE, ETH)))).containsExactly("wwan0", "eth0", "wlan0");
        turns.unanswered("wwan0");
        assertThat(names(turns.order(List.of(WIFI, LTE, ETH))))
                .as("the one silent longest ago goes first of the silent ones")
                .containsExactly("eth0", "wlan0", "wwan0");
        turns.unanswered("wlan0");
        assertThat(names(turns.order(List.of(WIFI, LTE, ETH)))).containsExactly("eth0", "wwan0", "wlan0");

        turns.sessionOpened();
        assertThat(names(turns.order(List.of(WIFI, LTE, ETH)))).containsExactly("wlan0", "wwan0", "eth0");
    }

    private static List<String> names(List<NetInterface> interfaces) {
        return interfaces.stream().map(NetInterface::name).toList();
    }
}
