package io.quicroam.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CancellablePollTest {

    private static final byte[] ONE = java.nio.ByteBuffer.allocate(8)
            .order(java.nio.ByteOrder.nativeOrder())
            .putLong(1)
            .array();

    @Test
    void readableDescriptorReturnsTrue() throws Exception {
        try (CancellablePoll poll = CancellablePoll.open();
                NativeFd fd = NativeFd.of(LibC.eventfd(0, LibC.EFD_CLOEXEC))) {
            LibC.write(fd.value(), ONE, 8);
            assertThat(poll.awaitReadable(fd.value())).isTrue();
        }
    }

    @Test
    void cancelWakesABlockedWaiterAndEveryLaterWait() throws Exception {
        try (CancellablePoll poll = CancellablePoll.open();
                NativeFd idle = NativeFd.of(LibC.eventfd(0, LibC.EFD_CLOEXEC))) {
            CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
                try {
                    return poll.awaitReadable(idle.value());
                } catch (LinuxException e) {
                    throw new IllegalStateException(e);
                }
            });
            poll.cancel();
            assertThat(waiter.get(10, TimeUnit.SECONDS)).isFalse();
            assertThat(poll.isCancelled()).isTrue();
            LibC.write(idle.value(), ONE, 8);
            assertThat(poll.awaitReadable(idle.value()))
                    .as("after cancel, even a ready fd")
                    .isFalse();
            poll.cancel(); // idempotent
        }
    }

    @Test
    void closedDescriptorIsATypedError() throws Exception {
        try (CancellablePoll poll = CancellablePoll.open()) {
            NativeFd fd = NativeFd.of(LibC.eventfd(0, LibC.EFD_CLOEXEC));
            fd.close();
            assertThatThrownBy(() -> poll.awaitReadable(fd.value()))
                    .isInstanceOfSatisfying(
                            LinuxException.class, e -> assertThat(e.errno()).isEqualTo(LibC.EBADF));
        }
    }
}
