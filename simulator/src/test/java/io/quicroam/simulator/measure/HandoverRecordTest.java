package io.quicroam.simulator.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class HandoverRecordTest {

    @Test
    void aHandoverAfterTheScenarioEndedIsNotOneOfItsHandovers() {
        HandoverRecord away = new HandoverRecord(4_020, "wifi", "lte", "carrier", 12);
        HandoverRecord atTheEnd = new HandoverRecord(30_000, "lte", "wifi", "preferred-returned", 40);
        HandoverRecord duringTheDrain = new HandoverRecord(30_650, "lte", "wifi", "probe-loss", Double.NaN);

        assertThat(HandoverRecord.until(List.of(away, atTheEnd, duringTheDrain), Duration.ofSeconds(30)))
                .containsExactly(away, atTheEnd);
    }
}
