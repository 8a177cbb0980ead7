package io.quicroam.masque.extension;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quicroam.masque.H3Error;
import io.quicroam.masque.ProtocolViolation;
import io.quicroam.masque.VarInt;
import io.quicroam.masque.capsule.Capsule;
import io.quicroam.masque.capsule.CapsuleCodec;
import io.quicroam.masque.capsule.CapsuleDecoder;
import io.quicroam.masque.capsule.PathStatus;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Fuzz target (issue #14) for quicroam's extension (docs/extension.md). PATH_STATUS: any path ID, sequence number and
 * status code is written and read back equal (decode(encode(x)) == x), and a code this version does not know is a
 * malformed capsule (H3_MESSAGE_ERROR, RFC 9297 §3.3), not an exception of another type. The redundant scheduler's
 * duplicate filter delivers each sequence number at most once and every first copy inside its window, whatever
 * order the paths bring them in (checked against a plain set).
 */
class ExtensionFuzzTest {

    @FuzzTest
    void pathStatusReadsBackAndDuplicatesAreDeliveredOnce(FuzzedDataProvider data) {
        long pathId = data.consumeLong(0, VarInt.MAX_VALUE);
        long sequence = data.consumeLong(0, VarInt.MAX_VALUE);
        long code = data.consumeLong(0, VarInt.MAX_VALUE);
        pathStatus(pathId, sequence, code);

        DuplicateFilter filter = new DuplicateFilter();
        Set<Long> delivered = new HashSet<>();
        long highest = -1;
        long base = data.consumeLong(0, VarInt.MAX_VALUE / 2);
        while (data.remainingBytes() > 0) {
            long s = base + data.consumeInt(0, 3 * DuplicateFilter.WINDOW);
            boolean expected = !delivered.contains(s) && s > highest - DuplicateFilter.WINDOW;
            assertThat(filter.firstTime(s))
                    .as("sequence %d (highest %d)", s, highest)
                    .isEqualTo(expected);
            if (expected) {
                delivered.add(s);
            }
            highest = Math.max(highest, s);
        }
    }

    private static void pathStatus(long pathId, long sequence, long code) {
        ByteBuf wire = Unpooled.buffer();
        VarInt.write(wire, PathStatus.TYPE);
        VarInt.write(wire, VarInt.length(pathId) + VarInt.length(sequence) + VarInt.length(code));
        VarInt.write(wire, pathId);
        VarInt.write(wire, sequence);
        VarInt.write(wire, code);
        List<Capsule> out = new ArrayList<>();
        PathStatus.Status status = PathStatus.Status.of(code);
        try {
            new CapsuleDecoder().decode(wire, out);
        } catch (ProtocolViolation e) {
            assertThat(status).as("only an unknown status is refused").isNull();
            assertThat(e.error()).isEqualTo(H3Error.H3_MESSAGE_ERROR);
            return;
        }
        PathStatus expected = new PathStatus(pathId, sequence, status);
        assertThat(out).containsExactly(expected);
        ByteBuf encoded = Unpooled.buffer();
        CapsuleCodec.encode(expected, encoded);
        assertThat(encoded).isEqualTo(wire.readerIndex(0));
    }
}
