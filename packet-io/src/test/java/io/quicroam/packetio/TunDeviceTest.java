package io.quicroam.packetio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.Unpooled;
import io.quicroam.linux.LibC;
import io.quicroam.linux.LinuxException;
import io.quicroam.linux.NetworkNamespace;
import io.quicroam.linux.testing.RootOnly;
import io.quicroam.linux.testing.TestNamespace;
import org.junit.jupiter.api.Test;

class TunDeviceTest {

    @Test
    void missingDriverSaysHowToLoadIt() {
        assertThatThrownBy(() -> TunDevice.open("/nonexistent/net/tun", "qr0", null))
                .isInstanceOfSatisfying(LinuxException.class, e -> {
                    assertThat(e.errno()).isEqualTo(LibC.ENOENT);
                    assertThat(e).hasMessageContaining("modprobe tun");
                });
    }

    @Test
    void invalidNameIsRefusedBeforeAnySystemCall() {
        assertThatThrownBy(() -> TunDevice.open("qr/0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("interface name");
    }

    @Test
    void patternNamesAreNumberedAndLiveInTheNamespace() throws Exception {
        RootOnly.requireTun();
        try (NetworkNamespace ns = TestNamespace.create();
                TunDevice first = TunDevice.open("qr%d", ns);
                TunDevice second = TunDevice.open("qr%d", ns)) {
            assertThat(first.name()).matches("qr\\d+");
            assertThat(second.name()).matches("qr\\d+").isNotEqualTo(first.name());
            assertThat(ns.ip().run("-o", "link", "show", "dev", first.name())).contains(first.name() + ":");
        }
    }

    @Test
    void closingDeletesTheDevice() throws Exception {
        RootOnly.requireTun();
        try (NetworkNamespace ns = TestNamespace.create()) {
            String name;
            try (TunDevice device = TunDevice.open("qr%d", ns)) {
                name = device.name();
                assertThat(ns.ip().tryRun("link", "show", "dev", name).succeeded())
                        .isTrue();
            }
            assertThat(ns.ip().tryRun("link", "show", "dev", name).succeeded())
                    .as("the device is deleted with its descriptor")
                    .isFalse();
        }
    }

    @Test
    void takenNameIsATypedErrorWithAReason() throws Exception {
        RootOnly.requireTun();
        try (NetworkNamespace ns = TestNamespace.create();
                TunDevice taken = TunDevice.open("qrdup", ns)) {
            assertThat(taken.name()).isEqualTo("qrdup");
            assertThatThrownBy(() -> TunDevice.open("qrdup", ns)).isInstanceOfSatisfying(LinuxException.class, e -> {
                assertThat(e.errno()).isEqualTo(LibC.EBUSY);
                assertThat(e).hasMessageContaining("another process has open");
            });
        }
    }

    @Test
    void closeStopsABlockedReaderAndLaterWritesAreDroppedAndCounted() throws Exception {
        RootOnly.requireTun();
        try (NetworkNamespace ns = TestNamespace.create()) {
            TunDevice device = TunDevice.open("qr%d", ns);
            TunPacketIo io = new TunPacketIo(device, 1400);
            io.start(p -> p.release());

            // The link is down: the kernel refuses the packet (EIO), the write reports a drop.
            assertThat(io.write(Unpooled.wrappedBuffer(new byte[] {0x45, 0, 0, 20})))
                    .isFalse();
            assertThat(io.stats().writeDrops()).isEqualTo(1);

            io.close();
            assertThat(Thread.getAllStackTraces().keySet())
                    .noneMatch(t -> t.getName().equals("tun-reader-" + device.name()));
            assertThat(device.isClosed()).isTrue();
            assertThat(io.write(Unpooled.wrappedBuffer(new byte[20]))).isFalse();
            assertThat(io.stats().writeDrops()).isEqualTo(2);
            io.close(); // idempotent
        }
    }
}
