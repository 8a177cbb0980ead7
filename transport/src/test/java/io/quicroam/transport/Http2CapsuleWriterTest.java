package io.quicroam.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.quicroam.masque.ProtocolViolation;
import io.quicroam.masque.capsule.Capsule;
import io.quicroam.masque.capsule.CapsuleDecoder;
import io.quicroam.masque.capsule.DatagramCapsule;
import io.quicroam.masque.capsule.PathStatus;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP/2 capsule writer on an embedded channel (its event loop runs when the test says): what a sender queued
 * leaves packed into full DATA frames with one flush, in order, and the queue stays bounded with drops counted.
 */
class Http2CapsuleWriterTest {
    private static final int PACKET = 1350;
    private static final PathStatus STATUS = new PathStatus(1, 1, PathStatus.Status.AVAILABLE);

    private int flushes;
    private final EmbeddedChannel stream = new EmbeddedChannel(new ChannelOutboundHandlerAdapter() {
        @Override
        public void flush(ChannelHandlerContext ctx) {
            flushes++;
            ctx.flush();
        }
    });
    private final Map<DropReason, Integer> drops = new EnumMap<>(DropReason.class);
    private final Http2CapsuleWriter writer =
            new Http2CapsuleWriter(stream, 64 * 1024, reason -> drops.merge(reason, 1, Integer::sum));

    @AfterEach
    void close() {
        stream.finishAndReleaseAll();
    }

    @Test
    void aBurstLeavesInFullDataFramesWithOneFlush() throws ProtocolViolation {
        for (int i = 0; i < 40; i++) {
            writer.send(0, packet(i));
        }
        stream.runPendingTasks();

        List<Http2DataFrame> frames = written();
        // 40 capsules of 1354 bytes (Type, a 2-byte Length, Context ID 0, the packet), 12 to a frame that fits a
        // TLS record: 4 frames. One by one it was 40 frames, 40 TLS records and 40 flushes.
        assertThat(frames).hasSize(4);
        assertThat(frames)
                .allSatisfy(frame -> assertThat(frame.content().readableBytes())
                        .isLessThanOrEqualTo(Http2CapsuleWriter.FRAME_BYTES));
        assertThat(flushes).isEqualTo(1);
        List<Capsule> capsules = decode(frames);
        assertThat(capsules).hasSize(40);
        for (int i = 0; i < 40; i++) {
            byte[] payload = ((DatagramCapsule) capsules.get(i)).payload();
            assertThat(payload[0]).as("context ID 0 (RFC 9484 §6)").isZero();
            assertThat(payload[1]).as("packet %d in its place", i).isEqualTo((byte) i);
        }
        assertThat(writer.queuedBytes()).as("all written").isZero();
    }

    @Test
    void theTunnelsOwnCapsulesFollowThePacketsQueuedBeforeThem() throws ProtocolViolation {
        writer.send(0, packet(1));
        writer.sendCapsules(STATUS);
        writer.send(0, packet(2));
        stream.runPendingTasks();

        List<Capsule> capsules = decode(written());
        assertThat(capsules).hasSize(3);
        assertThat(capsules.get(0)).isInstanceOf(DatagramCapsule.class);
        assertThat(capsules.get(1)).isEqualTo(STATUS);
        assertThat(capsules.get(2)).isInstanceOf(DatagramCapsule.class);
    }

    @Test
    void packetBytesNotYetWrittenAreBoundedAndTheRestIsDroppedAndCounted() {
        for (int i = 0; i < 60; i++) {
            writer.send(0, packet(i));
        }
        int fit = 64 * 1024 / PACKET; // 48 packets wait while the event loop is busy elsewhere
        assertThat(drops).containsEntry(DropReason.QUEUE_FULL, 60 - fit);
        assertThat(writer.queuedBytes()).isEqualTo((long) fit * PACKET);

        stream.runPendingTasks();
        assertThat(writer.queuedBytes())
                .as("written into the socket: room again")
                .isZero();
        writer.send(0, packet(99));
        assertThat(drops).containsEntry(DropReason.QUEUE_FULL, 60 - fit);
    }

    @Test
    void packetsTheClosedStreamRefusesAreCountedOneByOne() {
        stream.close();
        writer.send(0, packet(1));
        writer.send(0, packet(2));
        stream.runPendingTasks();

        assertThat(drops).containsEntry(DropReason.WRITE_FAILED, 2);
        assertThat(writer.queuedBytes()).isZero();
    }

    private static ByteBuf packet(int marker) {
        byte[] bytes = new byte[PACKET];
        bytes[0] = (byte) marker;
        return Unpooled.wrappedBuffer(bytes);
    }

    private List<Http2DataFrame> written() {
        List<Http2DataFrame> frames = new ArrayList<>();
        for (Object message; (message = stream.readOutbound()) != null; ) {
            frames.add((Http2DataFrame) message);
        }
        return frames;
    }

    private static List<Capsule> decode(List<Http2DataFrame> frames) throws ProtocolViolation {
        List<Capsule> capsules = new ArrayList<>();
        CapsuleDecoder decoder = new CapsuleDecoder();
        for (Http2DataFrame frame : frames) {
            decoder.decode(frame.content(), capsules);
            frame.release();
        }
        return capsules;
    }
}
