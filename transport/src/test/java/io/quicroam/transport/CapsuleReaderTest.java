package io.quicroam.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http3.DefaultHttp3DataFrame;
import io.netty.handler.codec.http3.Http3DataFrame;
import io.quicroam.masque.H3Error;
import io.quicroam.masque.VarInt;
import io.quicroam.masque.capsule.AddressRequest;
import io.quicroam.masque.capsule.Capsule;
import io.quicroam.masque.capsule.CapsuleCodec;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.capsule.PathStatus;
import io.quicroam.masque.capsule.RequestedAddress;
import io.quicroam.masque.capsule.RouteAdvertisement;
import io.quicroam.masque.capsule.RouteAdvertisements;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapsuleReaderTest {
    private static final AddressRequest REQUEST = new AddressRequest(List.of(
            new RequestedAddress(1, IpPrefix.parse("0.0.0.0/32")), new RequestedAddress(2, IpPrefix.parse("::/128"))));
    private static final RouteAdvertisement ROUTES = RouteAdvertisements.of(List.of(IpPrefix.parse("10.0.0.0/8")));

    private final List<Capsule> received = new ArrayList<>();
    private final CapsuleReader reader = new CapsuleReader(CapsuleCodec.DEFAULT_MAX_CAPSULE_LENGTH, received::add);
    private final StubQuic quic = new StubQuic();

    @Test
    void aCapsuleSplitAcrossDataFramesArrivesOnceWhole() {
        ByteBuf bytes = encode(REQUEST);
        int half = bytes.readableBytes() / 2;
        Http3DataFrame first = frame(bytes.readRetainedSlice(half));
        Http3DataFrame second = frame(bytes);
        assertThat(reader.read(quic.stream, first)).isTrue();
        assertThat(received).as("half a capsule is held back").isEmpty();
        assertThat(reader.read(quic.stream, second)).isTrue();
        assertThat(received).containsExactly(REQUEST);
        assertThat(first.refCnt()).isZero();
        assertThat(second.refCnt()).isZero();
        assertThat(quic.events).isEmpty();
    }

    @Test
    void severalCapsulesInOneFrameArriveInOrder() {
        ByteBuf bytes = encode(ROUTES);
        CapsuleCodec.encode(REQUEST, bytes);
        assertThat(reader.read(quic.stream, frame(bytes))).isTrue();
        assertThat(received).containsExactly(ROUTES, REQUEST);
    }

    @Test
    void capsulesOfUnknownTypeAreSkippedAndCounted() {
        // RFC 9297 §3.2
        ByteBuf bytes = Unpooled.buffer();
        VarInt.write(bytes, 0x2a2a);
        VarInt.write(bytes, 3);
        bytes.writeBytes(new byte[] {1, 2, 3});
        CapsuleCodec.encode(ROUTES, bytes);
        assertThat(reader.read(quic.stream, frame(bytes))).isTrue();
        assertThat(received).containsExactly(ROUTES);
        assertThat(reader.skippedUnknown()).isEqualTo(1);
    }

    @Test
    void anOversizedCapsuleResetsOnlyItsStreamBeforeItIsBuffered() {
        // RFC 9114 §8: H3_EXCESSIVE_LOAD may be a stream error; the capsule burdens only its own stream.
        CapsuleReader small = new CapsuleReader(8, received::add);
        ByteBuf bytes = Unpooled.buffer();
        VarInt.write(bytes, AddressRequest.TYPE);
        VarInt.write(bytes, 1000);
        Http3DataFrame frame = frame(bytes);
        assertThat(small.read(quic.stream, frame)).isFalse();
        assertThat(received).isEmpty();
        assertThat(frame.refCnt()).isZero();
        assertThat(quic.events)
                .containsExactly(
                        "stream shutdown 0x" + Long.toHexString(H3Error.H3_EXCESSIVE_LOAD.code()), "stream close");
    }

    @Test
    void framesAfterAViolationAreReleasedUnreadAndTheStreamIsAbortedOnce() {
        ByteBuf bytes = Unpooled.buffer();
        VarInt.write(bytes, AddressRequest.TYPE);
        VarInt.write(bytes, 1); // one byte cannot hold a Request ID and a prefix: malformed (RFC 9297 §3.3)
        bytes.writeByte(0);
        assertThat(reader.read(quic.stream, frame(bytes))).isFalse();
        Http3DataFrame late = frame(encode(REQUEST));
        assertThat(reader.read(quic.stream, late)).isFalse();
        assertThat(reader.endOfStream(quic.stream)).isFalse();
        assertThat(late.refCnt()).isZero();
        assertThat(received).isEmpty();
        assertThat(reader.aborted()).isTrue();
        assertThat(quic.events)
                .containsExactly(
                        "stream shutdown 0x" + Long.toHexString(H3Error.H3_MESSAGE_ERROR.code()), "stream close");
    }

    @Test
    void aKnownTypeTheStreamDidNotNegotiateIsSkippedLikeAnUnknownOne() {
        // RFC 9297 §3.2: PATH_STATUS on a stream without the extension is an unknown capsule there.
        CapsuleReader plain = new CapsuleReader(
                CapsuleCodec.DEFAULT_MAX_CAPSULE_LENGTH, type -> type != PathStatus.TYPE, received::add);
        ByteBuf bytes = Unpooled.buffer();
        VarInt.write(bytes, PathStatus.TYPE);
        VarInt.write(bytes, 2);
        bytes.writeBytes(new byte[] {(byte) 0xff, (byte) 0xff}); // not a PATH_STATUS we could parse: never read
        CapsuleCodec.encode(ROUTES, bytes);
        assertThat(plain.read(quic.stream, frame(bytes))).isTrue();
        assertThat(received).containsExactly(ROUTES);
        assertThat(plain.skippedUnknown()).isEqualTo(1);
        assertThat(quic.events).isEmpty();
    }

    @Test
    void aStreamEndingInsideACapsuleIsResetNotTheConnection() {
        // RFC 9297 §3.3: a truncated capsule is H3_MESSAGE_ERROR, a stream error (RFC 9114 §4.1.2).
        ByteBuf bytes = encode(REQUEST);
        reader.read(quic.stream, frame(bytes.readRetainedSlice(3)));
        bytes.release();
        assertThat(reader.endOfStream(quic.stream)).isFalse();
        assertThat(quic.events)
                .containsExactly(
                        "stream shutdown 0x" + Long.toHexString(H3Error.H3_MESSAGE_ERROR.code()), "stream close");
    }

    @Test
    void aStreamEndingBetweenCapsulesEndsCleanly() {
        reader.read(quic.stream, frame(encode(REQUEST)));
        assertThat(reader.endOfStream(quic.stream)).isTrue();
        assertThat(quic.events).isEmpty();
    }

    private static ByteBuf encode(Capsule capsule) {
        ByteBuf out = Unpooled.buffer();
        CapsuleCodec.encode(capsule, out);
        return out;
    }

    private static Http3DataFrame frame(ByteBuf content) {
        return new DefaultHttp3DataFrame(content);
    }
}
