package io.quicroam.simulator.link;

import static io.quicroam.simulator.link.Recorder.Packets.numbered;
import static io.quicroam.simulator.link.Time.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MahimahiTraceTest {

    static MahimahiTrace trace(String text) throws IOException {
        return MahimahiTrace.parse("test", new StringReader(text));
    }

    /**
     * Trace "1 1 3 7": opportunities at 1, 1, 3, 7 ms, then every 7 ms again (8, 8, 10, 14; 15, 15, 17, 21; …).
     * Packets are whole IP packets (no overhead); as in mahimahi each costs its size plus the 4-byte TUN header
     * against an opportunity's 1504 bytes. Expected times worked out by hand from link_queue.cc.
     */
    @Test
    void deliversExactlyWhatMahimahisLinkQueueDelivers() throws IOException {
        Recorder recorder = new Recorder();
        LinkDirection link = new LinkDirection(
                DirectionConfig.IDEAL.withRate(new RateModel.TraceRate(trace("1\n1\n3\n7\n"))), 1, 0, recorder);

        // 1 ms, 1st opportunity: #1 (1004) leaves; 500 bytes of #2 go out.
        // 1 ms, 2nd: the rest of #2 (504) leaves; 1000 of #3's 1404 go out (a partial packet).
        // 3 ms: #3's last 404 bytes leave; the other 1100 bytes are wasted.
        link.offer(numbered(1, 1000), 0);
        link.offer(numbered(2, 1000), 0);
        link.offer(numbered(3, 1400), 0);
        // 7 ms: one full-size packet per opportunity.
        link.offer(numbered(4, 1500), ms(4));
        // 8 ms, 8 ms: nothing queued, both wasted: they do not bank up for the burst at 9 ms.
        // 10 ms: three 498-byte packets cost 3 × 502 = 1506 > 1504: the third leaves 2 bytes short ...
        link.offer(numbered(5, 498), ms(9));
        link.offer(numbered(6, 498), ms(9));
        link.offer(numbered(7, 498), ms(9));
        // ... and leaves at 14 ms. At 15 ms the two opportunities are spent before #8 arrives: it leaves at 17.
        link.offer(numbered(8, 100), ms(15));
        // 1501 bytes is above a 1500-byte MTU (frame > PACKET_SIZE): refused.
        link.offer(numbered(9, 1501), ms(16));
        // The fifth period (base 28): 29, 29, 31, 35 ms.
        link.offer(numbered(10, 1500), ms(30));
        // After 1000 idle periods (base 7000): 7001, 7001, 7003 ms.
        link.offer(numbered(11, 1500), ms(7002));
        link.advanceTo(ms(8000));

        assertThat(recorder.deliveries)
                .extracting(Recorder.Delivery::sequence, Recorder.Delivery::atNanos)
                .containsExactly(
                        tuple(1, ms(1)),
                        tuple(2, ms(1)),
                        tuple(3, ms(3)),
                        tuple(4, ms(7)),
                        tuple(5, ms(10)),
                        tuple(6, ms(10)),
                        tuple(7, ms(14)),
                        tuple(8, ms(17)),
                        tuple(10, ms(31)),
                        tuple(11, ms(7003)));
        assertThat(link.stats().dropped(LinkDropReason.OVERSIZE)).isEqualTo(1);
    }

    @Test
    void theTraceStartsWhenTheDirectionStartsAndPeriodIsTheLastOffset() throws IOException {
        MahimahiTrace trace = trace("0\n5\n");
        assertThat(trace.periodMillis()).isEqualTo(5);
        assertThat(trace.opportunities()).isEqualTo(2);
        Recorder recorder = new Recorder();
        LinkDirection link =
                new LinkDirection(DirectionConfig.IDEAL.withRate(new RateModel.TraceRate(trace)), 1, ms(100), recorder);
        for (int i = 0; i < 5; i++) {
            link.offer(numbered(i, 1500), ms(100.5));
        }
        link.advanceTo(ms(200));

        // 100 ms (offset 0) passed before they arrived; then 105 (offset 5), 105 again (offset 0 of the next
        // period, whose base is 100 + 5), 110, 110, 115.
        assertThat(recorder.deliveries)
                .extracting(Recorder.Delivery::atNanos)
                .containsExactly(ms(105), ms(105), ms(110), ms(110), ms(115));
    }

    @Test
    void meanRateCountsFifteenHundredIpBytesPerLine() throws IOException {
        assertThat(trace("1\n").meanRateBitsPerSecond()).isEqualTo(12_000_000.0);
    }

    @Test
    void formatErrorsNameTheLine() {
        assertThatThrownBy(() -> trace("1\n\n3\n"))
                .isInstanceOf(TraceFormatException.class)
                .hasMessage("test:2: invalid empty line");
        assertThatThrownBy(() -> trace("5\n3\n"))
                .isInstanceOf(TraceFormatException.class)
                .hasMessage("test:2: timestamps must not decrease (3 after 5)");
        assertThatThrownBy(() -> trace("1\n-2\n"))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith("test:2: expected a millisecond offset");
        assertThatThrownBy(() -> trace("99999999999999999999\n"))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith("test:1: timestamp out of range");
        assertThatThrownBy(() -> trace(""))
                .isInstanceOf(TraceFormatException.class)
                .hasMessage("test: no timestamps found");
        assertThatThrownBy(() -> trace("0\n0\n"))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith("test:2: the trace must last a nonzero time")
                .satisfies(e -> assertThat(((TraceFormatException) e).line()).isEqualTo(2));
    }

    @Test
    void loadsGzipAndPlainFilesAndNamesTheFileInErrors(@TempDir Path dir) throws IOException {
        Path plain = Files.writeString(dir.resolve("plain"), "1\n4\n");
        Path gz = dir.resolve("bad.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write("1\n2\n2\n1\n".getBytes(StandardCharsets.US_ASCII));
        }

        assertThat(MahimahiTrace.load(plain).periodMillis()).isEqualTo(4);
        assertThatThrownBy(() -> MahimahiTrace.load(gz))
                .isInstanceOf(TraceFormatException.class)
                .hasMessageStartingWith("bad.gz:4: timestamps must not decrease");
    }
}
