package io.quicroam.packetio;

import static io.quicroam.packetio.InMemoryPacketIoTest.ids;
import static io.quicroam.packetio.InMemoryPacketIoTest.packet;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

class InMemoryPacketIoPropertyTest {

    @Property
    void writesKeepOrderUpToCapacityAndCountTheRest(
            @ForAll @IntRange(min = 1, max = 16) int capacity, @ForAll @IntRange(min = 0, max = 40) int count) {
        try (InMemoryPacketIo io = new InMemoryPacketIo("mem0", 1500, capacity)) {
            List<ByteBuf> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                ByteBuf p = packet(i);
                sent.add(p);
                io.write(p);
            }
            int kept = Math.min(capacity, count);
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < kept; i++) {
                expected.add(i);
            }
            assertThat(ids(io.drain())).isEqualTo(expected);
            assertThat(io.stats().writeDrops()).isEqualTo(count - kept);
            assertThat(io.stats().writtenPackets()).isEqualTo(kept);
            assertThat(sent).allSatisfy(p -> assertThat(p.refCnt()).isZero());
        }
    }
}
