package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.pathmanager.iface.InterfaceClass;
import io.quicroam.pathmanager.iface.NetInterface;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class OpenRotationTest {
    private static final NetInterface WIFI = new NetInterface("wlan0", 2, InterfaceClass.WIFI, true, List.of());
    private static final NetInterface LTE = new NetInterface("wwan0", 3, InterfaceClass.CELLULAR, true, List.of());
    private static final NetInterface ETH = new NetInterface("eth0", 4, InterfaceClass.ETHERNET, true, List.of());

    @Test
    void eachInterfaceGetsATurnBeforeOneIsTriedAgainUntilAConnectionOpens() {
        OpenRotation rotation = new OpenRotation();
        assertThat(next(rotation)).isEqualTo("wlan0");
        assertThat(next(rotation)).as("the Wi-Fi timed out: the others first").isEqualTo("wwan0");
        assertThat(next(rotation)).isEqualTo("eth0");
        assertThat(next(rotation)).as("each was tried: a new round").isEqualTo("wlan0");
        assertThat(next(rotation)).isEqualTo("wwan0");

        rotation.opened();
        assertThat(next(rotation))
                .as("a connection opened: the usual order again")
                .isEqualTo("wlan0");
    }

    /** Orders the interfaces as the mode does and tries the first. */
    private static String next(OpenRotation rotation) {
        List<NetInterface> candidates = new ArrayList<>(List.of(WIFI, LTE, ETH));
        rotation.order(candidates);
        rotation.tried(candidates.get(0).name());
        return candidates.get(0).name();
    }
}
