package io.quicroam.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quicroam.linux.testing.RootOnly;
import io.quicroam.linux.testing.TestNamespace;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NetworkNamespaceTest {

    @BeforeEach
    void needsRoot() {
        RootOnly.require();
    }

    /** Interface names of the calling thread's namespace (/proc/self/net would show the process's). */
    private static List<String> interfacesOfThisThread() throws IOException {
        return Files.readAllLines(Path.of("/proc/thread-self/net/dev")).stream()
                .skip(2) // two header lines
                .map(line -> line.substring(0, line.indexOf(':')).strip())
                .toList();
    }

    private static String namespaceOfThisThread() throws IOException {
        return Files.readSymbolicLink(Path.of("/proc/thread-self/ns/net")).toString();
    }

    @Test
    void callRunsInsideTheNamespaceWhichHasOnlyLoopback() throws Exception {
        String host = namespaceOfThisThread();
        try (NetworkNamespace ns = TestNamespace.create()) {
            assertThat(ns.call(NetworkNamespaceTest::interfacesOfThisThread)).containsExactly("lo");
            assertThat(ns.call(NetworkNamespaceTest::namespaceOfThisThread)).isNotEqualTo(host);
            assertThat(namespaceOfThisThread())
                    .as("the caller's namespace is unchanged")
                    .isEqualTo(host);
            assertThat(ns.call(() -> NetworkInterface.getByName("lo").isUp())).isFalse();
        }
    }

    @Test
    void execConfiguresTheNamespaceAndSocketsMadeInsideWorkFromAnyThread() throws Exception {
        try (NetworkNamespace ns = TestNamespace.create()) {
            CommandResult up = ns.exec("ip", "link", "set", "lo", "up");
            assertThat(up.succeeded()).as(up.stderr()).isTrue();
            assertThat(ns.call(() -> NetworkInterface.getByName("lo").isUp())).isTrue();

            CommandResult failed = ns.exec("ip", "link", "show", "qrnosuchif0");
            assertThat(failed.exitCode()).isNotZero();
            assertThat(failed.stderr()).contains("qrnosuchif0");

            // Both sockets live in the namespace; this (host) thread drives them.
            try (DatagramChannel receiver =
                            ns.call(() -> DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0)));
                    DatagramChannel sender = ns.call(DatagramChannel::open)) {
                sender.send(ByteBuffer.wrap(new byte[] {1, 2, 3}), receiver.getLocalAddress());
                ByteBuffer got = ByteBuffer.allocate(16);
                receiver.receive(got);
                assertThat(got.flip().remaining()).isEqualTo(3);
            }
        }
    }

    @Test
    void namespaceIsDeletedOnCloseEvenWhenTheBodyThrows() throws Exception {
        NetworkNamespace[] created = new NetworkNamespace[1];
        assertThatThrownBy(() -> {
                    try (NetworkNamespace ns = TestNamespace.create()) {
                        created[0] = ns;
                        ns.call(() -> {
                            throw new IllegalStateException("boom");
                        });
                    }
                })
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("boom");
        assertThat(created[0].path()).doesNotExist();
        assertThat(Ip.host().run("netns", "list")).doesNotContain(created[0].name() + " ");
    }

    @Test
    void checkedExceptionsOfTheTaskArriveUnwrapped() throws Exception {
        try (NetworkNamespace ns = TestNamespace.create()) {
            assertThatThrownBy(() -> ns.call(() -> {
                        throw new IOException("from inside");
                    }))
                    .isExactlyInstanceOf(IOException.class)
                    .hasMessage("from inside");
            // A nested call from the namespace thread runs in place instead of deadlocking.
            assertThat(ns.call(() -> ns.call(() -> "nested"))).isEqualTo("nested");
        }
    }

    @Test
    void closedNamespaceRefusesWorkAndClosesOnce() throws Exception {
        NetworkNamespace ns = TestNamespace.create();
        ns.close();
        ns.close();
        assertThatThrownBy(() -> ns.call(() -> 1))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void duplicateAndInvalidNamesAreRefused() throws Exception {
        assertThatThrownBy(() -> NetworkNamespace.create("../etc")).isInstanceOf(IllegalArgumentException.class);
        try (NetworkNamespace ns = TestNamespace.create()) {
            assertThatThrownBy(() -> NetworkNamespace.create(ns.name()))
                    .isInstanceOf(CommandException.class)
                    .hasMessageContaining("netns add");
        }
    }
}
