package io.quicroam.pathmanager.iface;

import static org.assertj.core.api.Assertions.assertThat;

import io.quicroam.pathmanager.iface.NetworkChange.Kind;
import io.quicroam.pathmanager.time.VirtualTime;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DebouncerTest {
    private final VirtualTime time = new VirtualTime();
    private final List<String> delivered = new ArrayList<>();
    private boolean stranded;
    private final Debouncer debouncer = new Debouncer(
            Duration.ofMillis(250),
            time,
            c -> delivered.add(
                    time.nanos() / 1_000_000 + "ms " + c.name() + " " + c.kind().label()),
            () -> stranded);

    private void event(Kind kind, String name) {
        debouncer.accept(NetworkChange.of(kind, name, 1, time.clock().instant()));
    }

    @Test
    void gainsWaitForQuietLossesPassAtOnce() {
        event(Kind.ADDED, "wlan0");
        event(Kind.UP, "wlan0");
        time.advance(Duration.ofMillis(100));
        assertThat(delivered).isEmpty();
        time.advance(Duration.ofMillis(150));
        assertThat(delivered).containsExactly("250ms wlan0 added", "250ms wlan0 up");
        event(Kind.DOWN, "wlan0");
        assertThat(delivered).last().isEqualTo("250ms wlan0 down");
    }

    @Test
    void whileNoPathWorksAGainPassesAtOnceAfterItsHeldOnes() {
        event(Kind.ADDED, "wlan0");
        time.advance(Duration.ofMillis(100));
        stranded = true; // the other networks went meanwhile
        event(Kind.UP, "wlan0");
        assertThat(delivered).containsExactly("100ms wlan0 added", "100ms wlan0 up");
        time.advance(Duration.ofSeconds(1));
        assertThat(delivered).as("nothing delivered twice").hasSize(2);
    }

    @Test
    void aFlapFasterThanTheWindowNeverComesUp() {
        for (int i = 0; i < 10; i++) {
            event(Kind.UP, "wlan0");
            time.advance(Duration.ofMillis(100));
            event(Kind.DOWN, "wlan0");
            time.advance(Duration.ofMillis(100));
        }
        time.advance(Duration.ofSeconds(1));
        assertThat(delivered).allMatch(s -> s.endsWith("down")).hasSize(10);
    }

    @Test
    void eachNewGainRestartsTheWindowPerInterface() {
        event(Kind.UP, "wlan0");
        time.advance(Duration.ofMillis(200));
        event(Kind.UP, "wwan0");
        time.advance(Duration.ofMillis(200));
        assertThat(delivered).containsExactly("250ms wlan0 up");
        time.advance(Duration.ofMillis(100));
        assertThat(delivered).containsExactly("250ms wlan0 up", "450ms wwan0 up");
    }

    @Test
    void removedAddressCancelsItsPendingAdditionOnly() throws Exception {
        InetAddress a = InetAddress.getByName("198.18.0.2");
        InetAddress b = InetAddress.getByName("198.18.0.3");
        debouncer.accept(NetworkChange.address(
                Kind.ADDRESS_ADDED, "eth0", 1, a, time.clock().instant()));
        debouncer.accept(NetworkChange.address(
                Kind.ADDRESS_ADDED, "eth0", 1, b, time.clock().instant()));
        debouncer.accept(NetworkChange.address(
                Kind.ADDRESS_REMOVED, "eth0", 1, a, time.clock().instant()));
        time.advance(Duration.ofSeconds(1));
        assertThat(delivered).containsExactly("0ms eth0 address-removed", "250ms eth0 address-added");
    }

    @Test
    void zeroWindowDeliversEverythingAtOnce() {
        Debouncer none =
                new Debouncer(Duration.ZERO, time, c -> delivered.add(c.kind().label()), () -> false);
        none.accept(NetworkChange.of(Kind.UP, "x", 1, time.clock().instant()));
        assertThat(delivered).containsExactly("up");
    }
}
