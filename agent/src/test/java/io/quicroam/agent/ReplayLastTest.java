package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.SegmentedDatagramPacket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * silent-both in migrate mode (#13 goal 4): after the 5 s outage quiche sent nothing new until its backed-off probe
 * timeout, 0.4 s to 4 s after the networks were back. A probe left unanswered has the connection's last datagram sent
 * again, the same bytes to the same place, which the proxy acknowledges at once.
 */
class ReplayLastTest {
    private static final InetSocketAddress PROXY = new InetSocketAddress("192.0.2.9", 443);

    private static DatagramPacket datagram(String text) {
        return new DatagramPacket(Unpooled.copiedBuffer(text, StandardCharsets.US_ASCII), PROXY);
    }

    private static String text(DatagramPacket packet) {
        try {
            return packet.content().toString(StandardCharsets.US_ASCII);
        } finally {
            packet.release();
        }
    }

    @Test
    void theLastDatagramGoesAgainUnchangedAndABurstIsNotKept() {
        ReplayLast replay = new ReplayLast();
        EmbeddedChannel socket = new EmbeddedChannel(replay);
        replay.replay();
        socket.runPendingTasks();
        assertThat((Object) socket.readOutbound())
                .as("nothing sent yet, nothing to replay")
                .isNull();

        socket.writeAndFlush(datagram("one"));
        socket.writeAndFlush(datagram("two"));
        ByteBuf burst = Unpooled.copiedBuffer("burst-of-two", StandardCharsets.US_ASCII);
        socket.writeAndFlush(new SegmentedDatagramPacket(burst, 6, PROXY));
        assertThat(text(socket.readOutbound())).isEqualTo("one");
        assertThat(text(socket.readOutbound())).isEqualTo("two");
        ((DatagramPacket) socket.readOutbound()).release();

        replay.replay();
        socket.runPendingTasks();
        DatagramPacket again = socket.readOutbound();
        assertThat(again.recipient()).isEqualTo(PROXY);
        assertThat(text(again)).as("the last plain datagram, not the GSO burst").isEqualTo("two");
        replay.replay();
        socket.runPendingTasks();
        assertThat(text(socket.readOutbound())).as("as often as asked").isEqualTo("two");
    }

    @Test
    void theKeptCopyIsReleasedWithTheChannel() {
        ReplayLast replay = new ReplayLast();
        EmbeddedChannel socket = new EmbeddedChannel(replay);
        DatagramPacket sent = datagram("last");
        ByteBuf content = sent.content();
        socket.writeAndFlush(sent);
        ((DatagramPacket) socket.readOutbound()).release();
        assertThat(content.refCnt()).as("kept for a replay").isEqualTo(1);

        socket.finishAndReleaseAll();
        assertThat(content.refCnt()).as("released once the channel is gone").isZero();
    }
}
