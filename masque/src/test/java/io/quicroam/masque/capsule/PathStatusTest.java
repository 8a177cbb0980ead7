package io.quicroam.masque.capsule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.quicroam.masque.H3Error;
import io.quicroam.masque.ProtocolViolation;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class PathStatusTest {

    @Test
    void encodesToTheDocumentedBytes() {
        ByteBuf out = Unpooled.buffer();
        CapsuleCodec.encode(new PathStatus(1, 7, PathStatus.Status.BACKUP), out);
        // type 0x2e515201 (4-byte varint 0xae515201), length 3, path 1, sequence 7, status 2 (docs/extension.md)
        assertThat(ByteBufUtil.hexDump(out)).isEqualTo("ae51520103010702");
    }

    @Test
    void theTypeIsOneAnExperimentMayTakeProvisionally() {
        // RFC 9297 §5.4: 0x00-0x3f need Standards Action or IESG Approval; 0x29 * N + 0x17 are reserved for greasing
        // and may arrive with any content. Anything else is open to a provisional registration (RFC 9000 §22.1.1).
        assertThat(PathStatus.TYPE).isGreaterThan(0x3f);
        assertThat((PathStatus.TYPE - 0x17) % 0x29).isNotZero();
    }

    @Property
    void roundTrips(
            @ForAll @LongRange(max = (1L << 62) - 1) long pathId,
            @ForAll @LongRange(max = (1L << 62) - 1) long sequence,
            @ForAll PathStatus.Status status)
            throws ProtocolViolation {
        PathStatus original = new PathStatus(pathId, sequence, status);
        ByteBuf out = Unpooled.buffer();
        CapsuleCodec.encode(original, out);
        List<Capsule> decoded = new ArrayList<>();
        new CapsuleDecoder().decode(out, decoded);
        assertThat(decoded).containsExactly(original);
    }

    @Test
    void unknownStatusIsMalformed() {
        ByteBuf in = Unpooled.wrappedBuffer(new byte[] {(byte) 0xae, 0x51, 0x52, 0x01, 0x03, 0x01, 0x07, 0x09});
        assertThatThrownBy(() -> new CapsuleDecoder().decode(in, new ArrayList<>()))
                .isInstanceOf(ProtocolViolation.class)
                .satisfies(e -> assertThat(((ProtocolViolation) e).error()).isEqualTo(H3Error.H3_MESSAGE_ERROR))
                .hasMessageContaining("PATH_STATUS");
    }

    @Test
    void trailingBytesAreMalformed() {
        ByteBuf in = Unpooled.wrappedBuffer(new byte[] {(byte) 0xae, 0x51, 0x52, 0x01, 0x04, 0x01, 0x07, 0x01, 0x00});
        assertThatThrownBy(() -> new CapsuleDecoder().decode(in, new ArrayList<>()))
                .isInstanceOf(ProtocolViolation.class)
                .hasMessageContaining("PATH_STATUS");
    }
}
