package io.quicroam.masque;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class VarIntTest {

    /** RFC 9000 §A.1 sample encodings (and §16's note that 0x4025 also decodes to 37). */
    @ParameterizedTest
    @CsvSource({
        "c2197c5eff14e88c, 151288809941952652",
        "9d7f3e7d, 494878333",
        "7bbd, 15293",
        "25, 37",
        "4025, 37",
    })
    void decodesRfc9000Examples(String hex, long expected) {
        ByteBuf in = Hex.buf(hex);
        assertThat(VarInt.read(in)).isEqualTo(expected);
        assertThat(in.isReadable()).isFalse();
    }

    @ParameterizedTest
    @CsvSource({
        "151288809941952652, c2197c5eff14e88c",
        "494878333, 9d7f3e7d",
        "15293, 7bbd",
        "37, 25",
    })
    void encodesShortest(long value, String hex) {
        ByteBuf out = Unpooled.buffer();
        VarInt.write(out, value);
        assertThat(Hex.of(out)).isEqualTo(hex);
        assertThat(VarInt.length(value)).isEqualTo(hex.length() / 2);
    }

    @ParameterizedTest
    @CsvSource({
        "0, 1",
        "63, 1",
        "64, 2",
        "16383, 2",
        "16384, 4",
        "1073741823, 4",
        "1073741824, 8",
        "4611686018427387903, 8"
    })
    void lengthAtBoundaries(long value, int length) {
        assertThat(VarInt.length(value)).isEqualTo(length);
    }

    @Test
    void rejectsValuesOutsideTheRange() {
        assertThatThrownBy(() -> VarInt.length(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VarInt.write(Unpooled.buffer(), VarInt.MAX_VALUE + 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void truncatedReadReturnsMinusOneAndLeavesTheReaderIndex() {
        ByteBuf in = Hex.buf("c2197c5eff14e8"); // 7 of 8 bytes
        in.readerIndex(0);
        assertThat(VarInt.isReadable(in)).isFalse();
        assertThat(VarInt.read(in)).isEqualTo(-1);
        assertThat(in.readerIndex()).isZero();
        assertThat(VarInt.read(Unpooled.EMPTY_BUFFER)).isEqualTo(-1);
    }

    @Property
    void roundTripsEveryValue(@ForAll("varints") long value) {
        ByteBuf buf = Unpooled.buffer();
        buf.writeByte(0xAA); // an unrelated byte before, to check indexes are honoured
        buf.readByte();
        VarInt.write(buf, value);
        assertThat(buf.readableBytes()).isEqualTo(VarInt.length(value));
        assertThat(VarInt.isReadable(buf)).isTrue();
        assertThat(VarInt.read(buf)).isEqualTo(value);
        assertThat(buf.isReadable()).isFalse();
    }

    @Provide
    Arbitrary<Long> varints() {
        return Arbitraries.longs()
                .between(0, VarInt.MAX_VALUE)
                .edgeCases(
                        c -> c.includeOnly(0L, 63L, 64L, 16383L, 16384L, (1L << 30) - 1, 1L << 30, VarInt.MAX_VALUE));
    }
}
