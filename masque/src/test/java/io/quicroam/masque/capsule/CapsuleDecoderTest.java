package io.quicroam.masque.capsule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quicroam.masque.H3Error;
import io.quicroam.masque.Hex;
import io.quicroam.masque.ProtocolViolation;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The capsule stream arrives in pieces (HTTP/3 DATA frames of any size): RFC 9297 §3.2, §3.3. */
class CapsuleDecoderTest {

    /** Both vectors, a zero-length GREASE capsule (0x17 = 0x29*0+0x17, RFC 9297 §5.4) and a DATAGRAM capsule. */
    private static final String STREAM = CapsuleCodecTest.ADDRESS_ASSIGN_VECTOR + "1700"
            + CapsuleCodecTest.ROUTE_ADVERTISEMENT_VECTOR + "0003000102";

    @Test
    void sameCapsulesWhereverTheStreamIsSplit() throws ProtocolViolation {
        List<Capsule> whole = decodeInPieces(STREAM, new int[0]);
        assertThat(whole).hasSize(4);
        assertThat(whole.get(1)).isEqualTo(new UnknownCapsule(0x17, 0));
        assertThat(whole.get(3)).isEqualTo(new DatagramCapsule(new byte[] {0x00, 0x01, 0x02})); // RFC 9297 §3.5

        int length = STREAM.length() / 2;
        for (int split = 0; split <= length; split++) {
            assertThat(decodeInPieces(STREAM, new int[] {split}))
                    .as("split at %d", split)
                    .isEqualTo(whole);
        }
        int[] everyByte = new int[length];
        for (int i = 0; i < length; i++) {
            everyByte[i] = i;
        }
        assertThat(decodeInPieces(STREAM, everyByte)).isEqualTo(whole);
    }

    @Property
    void anySplitOfAnyValidStreamYieldsTheSameCapsules(
            @ForAll("capsuleLists") List<Capsule> capsules, @ForAll("cuts") List<Integer> cuts)
            throws ProtocolViolation {
        ByteBuf wire = Unpooled.buffer();
        capsules.forEach(c -> CapsuleCodec.encode(c, wire));
        String hex = Hex.of(wire);
        int length = hex.length() / 2;
        int[] points = cuts.stream()
                .mapToInt(c -> length == 0 ? 0 : c % (length + 1))
                .sorted()
                .toArray();
        assertThat(decodeInPieces(hex, points)).isEqualTo(capsules);
    }

    @Provide
    Arbitrary<List<Capsule>> capsuleLists() {
        return CapsuleArbitraries.capsules().list().ofMaxSize(5);
    }

    @Provide
    Arbitrary<List<Integer>> cuts() {
        return Arbitraries.integers().between(0, 10_000).list().ofMaxSize(8);
    }

    @Test
    void nonMinimalVarintsAreAccepted() throws ProtocolViolation {
        // RFC 9000 §16 / RFC 9297 §1.1: type 0x01 as 0x4001, length 26 as 0x401a
        String stretched = "4001401a" + CapsuleCodecTest.ADDRESS_ASSIGN_VECTOR.substring(4);
        assertThat(CapsuleCodecTest.decodeOne(stretched))
                .isEqualTo(CapsuleCodecTest.decodeOne(CapsuleCodecTest.ADDRESS_ASSIGN_VECTOR));
    }

    @Test
    void unknownCapsuleIsSkippedAcrossManyCallsWithoutBuffering() throws ProtocolViolation {
        // a 1 MiB capsule of a reserved type, through a decoder that would refuse a known one above 16 bytes
        CapsuleDecoder decoder = new CapsuleDecoder(16);
        List<Capsule> out = new ArrayList<>();
        decoder.decode(Hex.buf("5a5b" + "80100000"), out); // type 0x1a5b, length 2^20
        byte[] chunk = new byte[4096];
        for (int i = 0; i < 256; i++) {
            assertThat(out).as("reported only once fully skipped").isEmpty();
            decoder.decode(Unpooled.wrappedBuffer(chunk), out);
        }
        assertThat(out).containsExactly(new UnknownCapsule(0x1a5b, 1 << 20));

        decoder.decode(Hex.buf("0100"), out);
        decoder.endOfStream();
        assertThat(out).containsExactly(new UnknownCapsule(0x1a5b, 1 << 20), new AddressAssign(List.of()));
    }

    @Test
    void oversizedKnownCapsuleIsRefusedBeforeItsValueArrives() {
        CapsuleDecoder small = new CapsuleDecoder(16);
        assertThatThrownBy(() -> small.decode(Hex.buf("0311"), new ArrayList<>())) // 17 bytes declared, none sent
                .isInstanceOfSatisfying(ProtocolViolation.class, v -> {
                    assertThat(v.error()).isEqualTo(H3Error.H3_EXCESSIVE_LOAD);
                    assertThat(v.reason()).contains("17 bytes").contains("limit of 16");
                });
        CapsuleDecoder standard = new CapsuleDecoder();
        assertThatThrownBy(() -> standard.decode(Hex.buf("01" + "80010001"), new ArrayList<>()))
                .isInstanceOfSatisfying(
                        ProtocolViolation.class, v -> assertThat(v.error()).isEqualTo(H3Error.H3_EXCESSIVE_LOAD));
    }

    @Test
    void capsuleAtTheLimitIsAccepted() throws ProtocolViolation {
        List<Capsule> out = new ArrayList<>();
        CapsuleDecoder decoder = new CapsuleDecoder(26);
        decoder.decode(Hex.buf(CapsuleCodecTest.ADDRESS_ASSIGN_VECTOR), out);
        assertThat(out).hasSize(1);
    }

    @Test
    void streamEndingInsideACapsuleIsATruncatedCapsule() throws ProtocolViolation {
        for (String prefix : new String[] {"01", "011a", "011a0004", "5a5b0300"}) {
            CapsuleDecoder decoder = new CapsuleDecoder();
            decoder.decode(Hex.buf(prefix), new ArrayList<>());
            assertThatThrownBy(decoder::endOfStream).as(prefix).isInstanceOfSatisfying(ProtocolViolation.class, v -> {
                assertThat(v.error()).isEqualTo(H3Error.H3_MESSAGE_ERROR);
                assertThat(v.reason()).contains("truncated");
            });
        }
    }

    @Test
    void streamEndingBetweenCapsulesIsClean() throws ProtocolViolation {
        CapsuleDecoder decoder = new CapsuleDecoder();
        decoder.decode(Hex.buf(STREAM), new ArrayList<>());
        decoder.endOfStream();
        assertThatThrownBy(() -> decoder.decode(Hex.buf("0100"), new ArrayList<>()))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aZeroLengthUnknownCapsuleEndingTheInputIsCompleteAtOnce() throws ProtocolViolation {
        // RFC 9297 §3.2: skipped whatever its length, also 0, and also when no byte follows it.
        CapsuleDecoder decoder = new CapsuleDecoder();
        List<Capsule> out = new ArrayList<>();
        decoder.decode(Hex.buf("1700"), out);
        assertThat(out).containsExactly(new UnknownCapsule(0x17, 0));
        decoder.endOfStream(); // between capsules: a clean end
    }

    @Test
    void anEndedDecoderSaysSoAndTakesNoSecondEnd() throws ProtocolViolation {
        CapsuleDecoder clean = new CapsuleDecoder();
        clean.endOfStream();
        assertThatThrownBy(clean::endOfStream)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ended");
        CapsuleDecoder truncated = new CapsuleDecoder();
        truncated.decode(Hex.buf("01"), new ArrayList<>());
        assertThatThrownBy(truncated::endOfStream).isInstanceOf(ProtocolViolation.class);
        assertThatThrownBy(() -> truncated.decode(Hex.buf("0100"), new ArrayList<>()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("failed");
    }

    @Test
    void aLimitOfZeroTakesOnlyEmptyKnownCapsules() throws ProtocolViolation {
        CapsuleDecoder decoder = new CapsuleDecoder(0, type -> true);
        List<Capsule> out = new ArrayList<>();
        decoder.decode(Hex.buf("1700"), out); // unknown: skipped, whatever the limit
        assertThat(out).hasSize(1);
        assertThatThrownBy(() -> decoder.decode(Hex.buf("0003000102"), out))
                .isInstanceOfSatisfying(
                        ProtocolViolation.class, v -> assertThat(v.error()).isEqualTo(H3Error.H3_EXCESSIVE_LOAD));
        assertThatThrownBy(() -> new CapsuleDecoder(-1, type -> true)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decoderIsSpentAfterAViolation() {
        CapsuleDecoder decoder = new CapsuleDecoder();
        assertThatThrownBy(() -> decoder.decode(Hex.buf("0200"), new ArrayList<>()))
                .isInstanceOf(ProtocolViolation.class);
        assertThatThrownBy(() -> decoder.decode(Hex.buf("0100"), new ArrayList<>()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("failed");
    }

    @Test
    void consumesAllInputSoTheCallerKeepsNothing() throws ProtocolViolation {
        CapsuleDecoder decoder = new CapsuleDecoder();
        ByteBuf partial = Hex.buf(CapsuleCodecTest.ADDRESS_ASSIGN_VECTOR.substring(0, 20));
        List<Capsule> out = new ArrayList<>();
        decoder.decode(partial, out);
        assertThat(partial.isReadable()).isFalse();
        assertThat(out).isEmpty();
        decoder.decode(Hex.buf(CapsuleCodecTest.ADDRESS_ASSIGN_VECTOR.substring(20)), out);
        assertThat(out).hasSize(1);
    }

    /** Decodes {@code hex} fed in pieces cut at the given byte offsets (ascending). */
    private static List<Capsule> decodeInPieces(String hex, int[] cuts) throws ProtocolViolation {
        byte[] bytes = Hex.buf(hex).array();
        CapsuleDecoder decoder = new CapsuleDecoder();
        List<Capsule> out = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            decoder.decode(Unpooled.wrappedBuffer(bytes, from, cut - from), out);
            from = cut;
        }
        decoder.decode(Unpooled.wrappedBuffer(bytes, from, bytes.length - from), out);
        decoder.endOfStream();
        return out;
    }
}
