package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.quic.QuicChannel;
import io.quicroam.masque.extension.QuicroamExtension;
import io.quicroam.pathmanager.iface.InterfaceClass;
import io.quicroam.testkit.Await;
import io.quicroam.testkit.InnerFlow;
import io.quicroam.testkit.LocalGateway;
import io.quicroam.testkit.LoopbackRig;
import io.quicroam.transport.DropReason;
import io.quicroam.transport.HttpDatagramWriter;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The client's side of RFC 9484 §6 ("a datagram with an unknown context ID ... MUST be dropped or buffered
 * briefly") and RFC 9297 §2.1: a datagram on the tunnel's request stream whose context ID the agent never
 * allocated or was never told about is dropped and counted under {@code drops{reason=unknown-context}}; the
 * connection, the session and the traffic around it go on.
 *
 * <p>The datagrams enter the agent's QUIC connection where QUIC hands over a received DATAGRAM frame (its
 * pipeline, on its event loop): a proxy that sent them would need a gateway that misbehaves on purpose.
 */
class UnknownContextLoopbackTest {
    /** The first client-initiated bidirectional stream (RFC 9000 §2.1) carries the CONNECT-IP request. */
    private static final long QUARTER_STREAM_ID = 0;

    @Test
    void datagramsWithUnknownContextIdsAreDroppedAndCountedAndTheConnectionLives() throws Exception {
        try (LoopbackRig rig = LoopbackRig.withGateway(LocalGateway.Options.defaults())
                .iface("eth0", InterfaceClass.ETHERNET, InetAddress.getLoopbackAddress())
                .start()) {
            rig.connect();
            Agent agent = rig.agent();
            QuicChannel connection = agent.pathOn("eth0").connection();
            try (InnerFlow flow = new InnerFlow(rig.io(), rig.innerV4(), InetAddress.getByName("198.51.100.7"), 100)) {
                Await.until("the flow's echoes arrive", Duration.ofSeconds(5), () -> flow.received() > 10);
                long start = System.nanoTime();
                // Context IDs this session never allocated: 6 (even, a client's ID the agent never used), 3 (odd, a
                // proxy's ID it never registered) and a large one; 0, the probes' 2 and the sequenced 4 are known.
                long[] unknown = {6, 3, 1L << 40};
                for (long contextId : unknown) {
                    assertThat(contextId).isNotEqualTo(QuicroamExtension.PROBE_CONTEXT_ID);
                    connection
                            .eventLoop()
                            .execute(() -> connection
                                    .pipeline()
                                    .fireChannelRead(HttpDatagramWriter.frame(
                                            connection.alloc(),
                                            QUARTER_STREAM_ID,
                                            contextId,
                                            Unpooled.wrappedBuffer(new byte[] {0x45, 0, 0, 20}))));
                }
                Await.until(
                        "the unknown datagrams counted",
                        Duration.ofSeconds(5),
                        () -> agent.metrics().drops(DropReason.UNKNOWN_CONTEXT) >= unknown.length);
                Thread.sleep(500);
                double gap = flow.longestGapMillis(start);
                int lost = flow.stop();

                assertThat(agent.metrics().drops(DropReason.UNKNOWN_CONTEXT))
                        .as("drops{reason=unknown-context}")
                        .isEqualTo(unknown.length);
                assertThat(connection.isActive())
                        .as("the QUIC connection is still open")
                        .isTrue();
                assertThat(rig.sessions()).as("one session, never replaced").isEqualTo(1);
                assertThat(agent.sessionResets()).isZero();
                // The traffic around the dropped datagrams went on: no gap beyond scheduling noise, nothing lost.
                assertThat(gap).as("longest gap (ms)").isLessThan(200);
                assertThat(lost).as("inner packets lost of %d", flow.sent()).isZero();
            }
        }
    }
}
