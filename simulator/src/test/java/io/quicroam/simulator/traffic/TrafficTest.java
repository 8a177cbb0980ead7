package io.quicroam.simulator.traffic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.quicroam.masque.ip.IpPacketBuilder;
import io.quicroam.simulator.measure.EventLog;
import io.quicroam.simulator.measure.FlowLog;
import io.quicroam.simulator.scenario.FlowSpec;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The generator's pacing on virtual time (its thread is never started), and the stamps its datagrams carry. */
class TrafficTest {
    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final InetAddress INNER = address("100.64.0.2");

    private final List<ByteBuf> injected = new ArrayList<>();

    private static InetAddress address(String text) {
        try {
            return InetAddress.getByName(text);
        } catch (java.net.UnknownHostException e) {
            throw new AssertionError(e);
        }
    }

    private TrafficGenerator generator(FlowLog... logs) {
        return new TrafficGenerator(
                List.of(logs),
                () -> {
                    throw new AssertionError("tests drive the generator with explicit times");
                },
                () -> INNER,
                injected::add);
    }

    @Test
    void aStampSurvivesTheTripThroughAnIpPacket() {
        byte[] payload = FlowPayload.encode(new FlowPayload.Stamp(3, 123_456_789_012L, -42), 200);
        ByteBuf packet = IpPacketBuilder.udp(INNER, TrafficGenerator.ECHO_TARGET, 40003, 5003, payload);
        try {
            assertThat(FlowPayload.read(packet)).isEqualTo(new FlowPayload.Stamp(3, 123_456_789_012L, -42));
            assertThat(packet.readableBytes()).as("IPv4 + UDP + 200").isEqualTo(228);
        } finally {
            packet.release();
        }
    }

    @Test
    void foreignPacketsHaveNoStamp() {
        ByteBuf other = IpPacketBuilder.udp(INNER, TrafficGenerator.ECHO_TARGET, 1, 2, new byte[40]);
        ByteBuf ping = IpPacketBuilder.icmpEcho(INNER, TrafficGenerator.ECHO_TARGET, 1, 1, new byte[40], false);
        try {
            assertThat(FlowPayload.read(other)).isNull();
            assertThat(FlowPayload.read(ping)).isNull();
        } finally {
            other.release();
            ping.release();
        }
        assertThatThrownBy(() -> FlowPayload.encode(new FlowPayload.Stamp(0, 0, 0), 23))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aConstantRateFlowSendsOnScheduleAndCatchesUpWhenLate() {
        FlowLog call = new FlowLog(FlowSpec.cbr("call", 50, 200, Duration.ofMillis(100), Duration.ofMillis(300)));
        TrafficGenerator generator = generator(call);

        assertThat(generator.sendDue(0)).as("waits for its start").isEqualTo(100 * MS);
        assertThat(generator.sendDue(100 * MS)).as("one sent, next in 20 ms").isEqualTo(120 * MS);
        assertThat(generator.sendDue(185 * MS))
                .as("late: 120, 140, 160, 180 go at once")
                .isEqualTo(200 * MS);
        assertThat(generator.sendDue(299 * MS))
                .as("200 .. 280 due; the next would be at the stop")
                .isEqualTo(Long.MAX_VALUE);

        EventLog.Snapshot sends = call.sends();
        assertThat(sends.sequences()).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(sends.times())
                .as("stamped with the real send time")
                .containsExactly(
                        100 * MS, 185 * MS, 185 * MS, 185 * MS, 185 * MS, 299 * MS, 299 * MS, 299 * MS, 299 * MS,
                        299 * MS);
        assertThat(injected).hasSize(10).allSatisfy(p -> {
            FlowPayload.Stamp stamp = FlowPayload.read(p);
            assertThat(stamp.flow()).isZero();
            assertThat(p.readableBytes()).isEqualTo(228);
            p.release();
        });
    }

    @Test
    void aBulkFlowKeepsItsWindowFullAndALostDatagramFreesItsPlaceAfterTheTimeout() {
        FlowLog bulk = new FlowLog(FlowSpec.bulk("bulk", 1000, 4, Duration.ZERO, Duration.ofSeconds(10)));
        TrafficGenerator generator = generator(bulk);

        long lossTimeout = TrafficGenerator.BULK_LOSS_TIMEOUT_NANOS;
        assertThat(generator.sendDue(0))
                .as("window full; wakes when the oldest counts as lost")
                .isEqualTo(lossTimeout);
        assertThat(bulk.sentCount()).isEqualTo(4);
        generator.answered(0, 1);
        generator.answered(0, 2);
        generator.sendDue(10 * MS);
        assertThat(bulk.sentCount()).as("two echoes, two more sends").isEqualTo(6);
        generator.sendDue(lossTimeout + 1);
        assertThat(bulk.sentCount()).as("0 and 3 timed out: two more").isEqualTo(8);
        generator.answered(7, 0); // not a flow of this generator: ignored
        assertThat(generator.sendDue(lossTimeout + 2)).isEqualTo(10 * MS + lossTimeout);
        assertThat(bulk.sentCount()).isEqualTo(8);
        injected.forEach(ByteBuf::release);
    }

    @Test
    void warmUpFlowsAreNumberedApartSoTheReceiverIgnoresThem() {
        FlowLog measured = new FlowLog(FlowSpec.cbr("call", 50, 200, Duration.ZERO, Duration.ofSeconds(1)));
        FlowLog warm = new FlowLog(FlowSpec.cbr("call", 50, 200, Duration.ZERO, Duration.ofSeconds(1)));
        TrafficGenerator warmUp = new TrafficGenerator(List.of(warm), 1000, () -> 0, () -> INNER, injected::add);
        warmUp.sendDue(0);
        TrafficReceiver receiver = new TrafficReceiver(List.of(measured), () -> 5 * MS, generator(measured));
        ByteBuf echo = injected.remove(0);

        receiver.accept(echo);

        assertThat(measured.deliveredCount()).isZero();
        assertThat(receiver.foreignPackets()).isEqualTo(1);
        assertThat(echo.refCnt()).as("released").isZero();
    }

    @Test
    void theReceiverAndTheGatewayTapLogTheirArrivals() {
        FlowLog call = new FlowLog(FlowSpec.cbr("call", 50, 200, Duration.ZERO, Duration.ofSeconds(1)));
        TrafficGenerator generator = generator(call);
        generator.sendDue(0);
        ByteBuf packet = injected.remove(0);

        List<ByteBuf> egressed = new ArrayList<>();
        io.quicroam.packetio.InMemoryPacketIo egress = new io.quicroam.packetio.InMemoryPacketIo("echo", 1500, 16);
        GatewayTap tap = new GatewayTap(egress, List.of(call), () -> 7 * MS);
        tap.write(packet.retainedDuplicate());
        egressed.addAll(egress.drain());
        new TrafficReceiver(List.of(call), () -> 15 * MS, generator).accept(packet);

        assertThat(egressed).as("the tap passes packets on").hasSize(1);
        egressed.forEach(ByteBuf::release);
        assertThat(call.gatewayArrivals().times()).containsExactly(7 * MS);
        assertThat(call.deliveries().times()).containsExactly(15 * MS);
    }
}
