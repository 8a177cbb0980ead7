package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.channel.EventLoopGroup;
import io.quicroam.testkit.LocalGateway;
import io.quicroam.transport.Transports;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What an idle session costs the gateway's heap: {@value #SESSIONS} plain CONNECT-IP sessions, each on its own QUIC
 * connection from a bare HTTP/3 client in this JVM, heap used after GC before and after, divided by the sessions.
 * The clients' own share is in the figure too (they are in the same heap), so it is an upper bound for the gateway.
 */
class IdleSessionMemoryTest {
    private static final int SESSIONS = 200;
    /**
     * Twice the 24 KB per session measured (clients included) with the datagram queue grown on demand; with its
     * 8192 slots allocated up front it was 57 KB.
     */
    private static final long BOUND_BYTES = 48 * 1024;

    @Test
    void anIdleSessionCostsTheHeapAFewKilobytesNotAQueueOfThousandsOfSlots() throws Exception {
        EventLoopGroup clients = Transports.group(1, "memory-clients");
        List<RawConnectIp> open = new ArrayList<>();
        try (LocalGateway gateway = LocalGateway.start(LocalGateway.Options.defaults(), new SimpleMeterRegistry())) {
            warmUp(gateway, clients);
            long before = heapAfterGc();
            for (int i = 0; i < SESSIONS; i++) {
                RawConnectIp client = new RawConnectIp(gateway, clients);
                open.add(client);
                assertThat(client.request().status()).isEqualTo(200);
            }
            assertThat(gateway.sessions()).isEqualTo(SESSIONS);
            long after = heapAfterGc();
            long perSession = (after - before) / SESSIONS;
            System.out.printf(
                    "idle sessions: %d, heap after GC %d KiB -> %d KiB, %d bytes per session (clients included)%n",
                    SESSIONS, before / 1024, after / 1024, perSession);
            assertThat(perSession).as("heap per idle session, bytes").isLessThan(BOUND_BYTES);
        } finally {
            for (RawConnectIp client : open) {
                client.close();
            }
            clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** A few sessions opened and closed first, so the classes and pools they need are not counted. */
    private static void warmUp(LocalGateway gateway, EventLoopGroup clients) throws Exception {
        for (int i = 0; i < 10; i++) {
            RawConnectIp client = new RawConnectIp(gateway, clients);
            client.request();
            client.close();
        }
    }

    private static long heapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(
                    used,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
