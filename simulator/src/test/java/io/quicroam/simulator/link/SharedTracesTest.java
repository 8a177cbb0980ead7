package io.quicroam.simulator.link;

import static io.quicroam.simulator.link.Recorder.Packets.numbered;
import static io.quicroam.simulator.link.Time.ms;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The real mahimahi traces in the shared folder, checked against the table of /work/shared/traces/README.md. */
class SharedTracesTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "ATT-LTE-driving-2016.up.gz,   120.0, 1.91",
        "ATT-LTE-driving-2016.down.gz, 120.0, 4.56",
        "Verizon-LTE-short.up.gz,      140.0, 5.95",
        "Verizon-LTE-short.down.gz,    140.0, 5.03",
        "TMobile-LTE-short.up.gz,      140.0, 13.32",
        "TMobile-LTE-short.down.gz,    140.0, 16.70",
    })
    void meanRateAndDurationMatchTheReadme(String file, double seconds, double megabitsPerSecond) throws IOException {
        MahimahiTrace trace = MahimahiTrace.load(SharedTraces.file(file));

        assertThat(trace.source()).isEqualTo(file);
        assertThat(trace.periodMillis() / 1000.0).isCloseTo(seconds, within(0.05));
        assertThat(trace.meanRateBitsPerSecond() / 1e6).isCloseTo(megabitsPerSecond, within(megabitsPerSecond * 0.02));
    }

    @Test
    void aSaturatedTraceLinkUsesEveryOpportunityOfAPeriod() throws IOException {
        // Verizon-LTE-short.up starts at 7 ms, so every line of the first period lies after the arrivals at 0.
        MahimahiTrace trace = MahimahiTrace.load(SharedTraces.file("Verizon-LTE-short.up.gz"));
        assertThat(trace.offsetMillis(0)).isPositive();
        Recorder recorder = new Recorder();
        LinkDirection link =
                new LinkDirection(DirectionConfig.IDEAL.withRate(new RateModel.TraceRate(trace)), 1, 0, recorder);
        byte[] fullSizeIpPacket = numbered(0, 1500); // the same array each time: the link keeps, never copies
        for (int i = 0; i < trace.opportunities() + 1000; i++) {
            link.offer(fullSizeIpPacket, 0);
        }
        link.advanceTo(ms(trace.periodMillis()));

        assertThat(recorder.deliveries).hasSize(trace.opportunities());
        double bitsPerSecond = recorder.bytesBetween(-1, ms(trace.periodMillis())) * 8 * 1000.0 / trace.periodMillis();
        assertThat(bitsPerSecond).isCloseTo(trace.meanRateBitsPerSecond(), within(1.0));
    }
}
