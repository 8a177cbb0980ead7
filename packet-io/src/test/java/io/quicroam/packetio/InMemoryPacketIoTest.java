package io.quicroam.packetio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class InMemoryPacketIoTest {

    static ByteBuf packet(int id) {
        return Unpooled.buffer(4).writeInt(id);
    }

    static List<Integer> ids(List<ByteBuf> packets) {
        List<Integer> ids = new ArrayList<>();
        for (ByteBuf p : packets) {
            ids.add(p.getInt(p.readerIndex()));
            p.release();
        }
        return ids;
    }

    @Test
    void injectedPacketsReachTheSinkInOrderOnTheInjectingThread() {
        try (InMemoryPacketIo io = new InMemoryPacketIo("mem0", 1500, 8)) {
            List<ByteBuf> received = new CopyOnWriteArrayList<>();
            List<Thread> threads = new CopyOnWriteArrayList<>();
            io.inject(packet(1)); // before start: waits in the backlog
            io.start(p -> {
                received.add(p);
                threads.add(Thread.currentThread());
            });
            io.inject(packet(2));
            io.inject(packet(3));
            assertThat(ids(received)).containsExactly(1, 2, 3);
            assertThat(threads).containsOnly(Thread.currentThread());
            assertThat(io.stats().readPackets()).isEqualTo(3);
            assertThat(io.stats().readBytes()).isEqualTo(12);
        }
    }

    @Test
    void backlogBeforeStartIsBoundedAndDropsAreReleasedAndCounted() {
        try (InMemoryPacketIo io = new InMemoryPacketIo("mem0", 1500, 2)) {
            ByteBuf third = packet(3);
            assertThat(io.inject(packet(1))).isTrue();
            assertThat(io.inject(packet(2))).isTrue();
            assertThat(io.inject(third)).isFalse();
            assertThat(third.refCnt()).isZero();
            assertThat(io.stats().readDrops()).isEqualTo(1);
            List<ByteBuf> received = new ArrayList<>();
            io.start(received::add);
            assertThat(ids(received)).containsExactly(1, 2);
        }
    }

    @Test
    void writtenPacketsQueueInOrderAndOverflowIsDropped() throws Exception {
        try (InMemoryPacketIo io = new InMemoryPacketIo("mem0", 1500, 2)) {
            ByteBuf overflow = packet(3);
            assertThat(io.write(packet(1))).isTrue();
            assertThat(io.write(packet(2))).isTrue();
            assertThat(io.write(overflow)).isFalse();
            assertThat(overflow.refCnt()).isZero();
            assertThat(io.stats()).isEqualTo(new PacketIoStats(0, 0, 0, 2, 8, 1));

            ByteBuf first = io.poll(Duration.ofSeconds(1));
            assertThat(ids(List.of(first))).containsExactly(1);
            assertThat(ids(io.drain())).containsExactly(2);
            assertThat(io.poll(Duration.ZERO)).isNull();
        }
    }

    @Test
    void listenerTakesWrittenPacketsInsteadOfTheQueue() {
        try (InMemoryPacketIo io = new InMemoryPacketIo("mem0", 1500, 1)) {
            List<ByteBuf> seen = new ArrayList<>();
            io.onWrite(seen::add);
            io.write(packet(1));
            io.write(packet(2)); // more than the queue holds: the listener is not bounded by it
            assertThat(ids(seen)).containsExactly(1, 2);
            assertThat(io.drain()).isEmpty();
        }
    }

    @Test
    void closeReleasesEverythingHeldAndLaterPacketsAreDropped() {
        InMemoryPacketIo io = new InMemoryPacketIo("mem0", 1500, 4);
        ByteBuf queuedIn = packet(1);
        ByteBuf queuedOut = packet(2);
        io.inject(queuedIn);
        io.write(queuedOut);
        io.close();
        assertThat(queuedIn.refCnt()).isZero();
        assertThat(queuedOut.refCnt()).isZero();

        ByteBuf late = packet(3);
        ByteBuf lateIn = packet(4);
        assertThat(io.write(late)).isFalse();
        assertThat(io.inject(lateIn)).isFalse();
        assertThat(late.refCnt()).isZero();
        assertThat(lateIn.refCnt()).isZero();
        assertThat(io.stats().writeDrops()).isEqualTo(1);
        assertThat(io.stats().readDrops()).isEqualTo(1);
        assertThatThrownBy(() -> io.start(p -> {})).isInstanceOf(IllegalStateException.class);
        io.close(); // idempotent
    }

    @Test
    void packetsADeviceCouldNotDeliverAreRejected() {
        try (InMemoryPacketIo io = new InMemoryPacketIo("mem0", 4, 4)) {
            ByteBuf tooBig = Unpooled.buffer(5).writeZero(5);
            assertThatThrownBy(() -> io.inject(tooBig))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("1 to 4 bytes");
            assertThat(tooBig.refCnt()).isZero();
            assertThatThrownBy(() -> io.inject(Unpooled.buffer(0))).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void startsOnce() {
        try (InMemoryPacketIo io = new InMemoryPacketIo("mem0", 1500, 4)) {
            io.start(ByteBuf::release);
            assertThatThrownBy(() -> io.start(ByteBuf::release))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already started");
            assertThat(io.name()).isEqualTo("mem0");
            assertThat(io.mtu()).isEqualTo(1500);
        }
    }
}
