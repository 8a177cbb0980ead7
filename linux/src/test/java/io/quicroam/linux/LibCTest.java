package io.quicroam.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LibCTest {

    @Test
    void failedCallNamesTheCallTheErrnoAndItsText() {
        assertThatThrownBy(() -> LibC.open("/nonexistent/quicroam", LibC.O_RDONLY))
                .isInstanceOfSatisfying(LinuxException.class, e -> {
                    assertThat(e.errno()).isEqualTo(LibC.ENOENT);
                    assertThat(e.call()).isEqualTo("open(/nonexistent/quicroam)");
                    assertThat(e.description()).isEqualTo("No such file or directory");
                    assertThat(e).hasMessage("open(/nonexistent/quicroam) failed: No such file or directory (errno 2)");
                });
    }

    @Test
    void hintIsAppendedAndErrnoKept() {
        LinuxException e =
                new LinuxException("open(/dev/net/tun)", LibC.EPERM, "Operation not permitted").withHint("run as root");
        assertThat(e.errno()).isEqualTo(LibC.EPERM);
        assertThat(e.getMessage()).endsWith("Operation not permitted; run as root (errno 1)");
    }

    @Test
    void readAndWriteMoveBytesThroughADescriptor() throws Exception {
        try (NativeFd fd = NativeFd.of(LibC.eventfd(0, LibC.EFD_CLOEXEC))) {
            byte[] seven = java.nio.ByteBuffer.allocate(8)
                    .order(java.nio.ByteOrder.nativeOrder())
                    .putLong(7)
                    .array();
            assertThat(LibC.write(fd.value(), seven, 8)).isEqualTo(8);
            byte[] counter = new byte[8];
            assertThat(LibC.read(fd.value(), counter)).isEqualTo(8);
            assertThat(counter).isEqualTo(seven);
        }
    }

    @Test
    void closedDescriptorGivesEbadf() throws Exception {
        NativeFd fd = NativeFd.of(LibC.eventfd(0, LibC.EFD_CLOEXEC));
        fd.close();
        fd.close(); // idempotent: the number is not closed twice
        assertThat(fd.isOpen()).isFalse();
        assertThatThrownBy(() -> LibC.read(fd.value(), new byte[8]))
                .isInstanceOfSatisfying(
                        LinuxException.class, e -> assertThat(e.errno()).isEqualTo(LibC.EBADF));
    }

    @Test
    void intSocketOptionRoundTrips() throws Exception {
        try (NativeFd udp = NativeFd.of(LibC.socket(LibC.AF_INET, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0))) {
            LibC.setsockopt(udp.value(), LibC.SOL_SOCKET, LibC.SO_RCVBUF, 65536);
            // socket(7): the kernel doubles the value to make room for its bookkeeping.
            assertThat(LibC.getsockoptInt(udp.value(), LibC.SOL_SOCKET, LibC.SO_RCVBUF))
                    .isEqualTo(131072);
        }
    }

    @Test
    void bindToUnknownDeviceIsRefusedByTheKernel() throws Exception {
        try (NativeFd udp = NativeFd.of(LibC.socket(LibC.AF_INET, LibC.SOCK_DGRAM | LibC.SOCK_CLOEXEC, 0))) {
            assertThatThrownBy(() -> LibC.bindToDevice(udp.value(), "qrnosuchif0"))
                    .isInstanceOfSatisfying(
                            LinuxException.class, e -> assertThat(e.errno()).isIn(LibC.ENODEV, LibC.EPERM));
        }
    }

    @Test
    void interfaceNamesAreValidatedAndTerminated() {
        assertThat(LibC.interfaceName("qr%d")).containsExactly('q', 'r', '%', 'd', 0);
        assertThat(LibC.interfaceName("a23456789012345")).hasSize(16);
        for (String bad : new String[] {"", "a234567890123456", "a/b", "a b", "a:1", ".", ".."}) {
            assertThatThrownBy(() -> LibC.interfaceName(bad))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("invalid interface name");
        }
    }

    @Test
    void negativeDescriptorIsRejected() {
        assertThatThrownBy(() -> NativeFd.of(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
