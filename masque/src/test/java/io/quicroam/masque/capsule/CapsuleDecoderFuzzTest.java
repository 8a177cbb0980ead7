package io.quicroam.masque.capsule;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quicroam.masque.H3Error;
import io.quicroam.masque.ProtocolViolation;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Fuzz target (issue #14) for the capsule stream decoder: any bytes, cut anywhere, either decode or fail with a
 * {@link ProtocolViolation} carrying the RFC 9297 §3.3 / RFC 9114 §8.1 code, and never anything else; the cut does
 * not change the result (a stream may be split at any byte, RFC 9000 §2.2); and every capsule decoded re-encodes to
 * one that decodes equal (decode(encode(x)) == x). Replays {@code CapsuleDecoderFuzzTestInputs/} in {@code mvn test};
 * {@code mvn -Pfuzz test} fuzzes it.
 */
class CapsuleDecoderFuzzTest {
    /** Small enough that the fuzzer reaches the length limit (H3_EXCESSIVE_LOAD) too. */
    private static final int MAX_CAPSULE_LENGTH = 256;

    @FuzzTest
    void decodesOrRefusesWithAProtocolViolation(FuzzedDataProvider data) {
        int cut = data.consumeInt(0, 1 << 16);
        byte[] stream = data.consumeRemainingAsBytes();
        Optional<List<Capsule>> whole = decode(stream, stream.length);
        Optional<List<Capsule>> split = decode(stream, Math.min(cut, stream.length));

        assertThat(split).as("the same bytes cut elsewhere").isEqualTo(whole);
        whole.ifPresent(capsules -> capsules.stream()
                .filter(c -> !(c instanceof UnknownCapsule))
                .forEach(c -> assertThat(roundTrip(c)).as("decode(encode(x))").isEqualTo(c)));
    }

    /** The capsules, or empty when the decoder refused the stream with a ProtocolViolation. */
    private static Optional<List<Capsule>> decode(byte[] stream, int cut) {
        CapsuleDecoder decoder = new CapsuleDecoder(MAX_CAPSULE_LENGTH);
        List<Capsule> out = new ArrayList<>();
        try {
            decoder.decode(Unpooled.wrappedBuffer(stream, 0, cut), out);
            decoder.decode(Unpooled.wrappedBuffer(stream, cut, stream.length - cut), out);
            decoder.endOfStream();
            return Optional.of(out);
        } catch (ProtocolViolation e) {
            assertThat(e.error()).isIn(H3Error.H3_MESSAGE_ERROR, H3Error.H3_EXCESSIVE_LOAD);
            return Optional.empty();
        }
    }

    private static Capsule roundTrip(Capsule capsule) {
        ByteBuf encoded = Unpooled.buffer();
        CapsuleCodec.encode(capsule, encoded);
        List<Capsule> out = new ArrayList<>();
        try {
            new CapsuleDecoder().decode(encoded, out);
        } catch (ProtocolViolation e) {
            throw new AssertionError("a decoded capsule re-encoded does not decode: " + capsule, e);
        }
        assertThat(out).hasSize(1);
        return out.get(0);
    }
}
