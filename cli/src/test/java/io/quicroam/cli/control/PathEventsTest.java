package io.quicroam.cli.control;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** Path events from two status snapshots: opened, changed (role or state only), closed. */
class PathEventsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode status(String paths) throws Exception {
        return JSON.readTree("{\"paths\":[" + paths + "]}");
    }

    private static String path(String name, String family, String role, String state, double rtt) {
        return String.format(
                "{\"interface\":\"%s\",\"class\":\"wifi\",\"family\":\"%s\",\"role\":\"%s\",\"state\":\"%s\","
                        + "\"rtt_ms\":%s,\"loss\":0.0,\"bytes_up\":1,\"bytes_down\":2,\"since_s\":3}",
                name, family, role, state, rtt);
    }

    @Test
    void onlyRoleAndStateChangesOpeningsAndClosingsAreEvents() throws Exception {
        JsonNode before = status(path("wlan0", "ipv4", "available", "active-capable", 12.0) + ","
                + path("wlan0", "ipv6", "backup", "active-capable", 14.0) + ","
                + path("wwan0", "ipv4", "backup", "active-capable", 60.0));
        JsonNode after = status(path("wlan0", "ipv4", "available", "active-capable", 30.0) + ","
                + path("wwan0", "ipv4", "available", "active-capable", 61.0) + ","
                + path("eth0", "ipv4", "backup", "probing", -1));

        assertThat(PathEvents.between(before, after))
                .extracting(JsonNode::toString)
                .containsExactly(
                        "{\"event\":\"path-changed\",\"interface\":\"wwan0\",\"class\":\"wifi\",\"family\":\"ipv4\","
                                + "\"role\":\"available\",\"state\":\"active-capable\",\"rtt_ms\":61.0,\"loss\":0.0}",
                        "{\"event\":\"path-opened\",\"interface\":\"eth0\",\"class\":\"wifi\",\"family\":\"ipv4\","
                                + "\"role\":\"backup\",\"state\":\"probing\",\"rtt_ms\":-1.0,\"loss\":0.0}",
                        "{\"event\":\"path-closed\",\"interface\":\"wlan0\",\"family\":\"ipv6\"}");
    }

    @Test
    void identicalSnapshotsGiveNoEvents() throws Exception {
        JsonNode same = status(path("wlan0", "ipv4", "available", "suspect", 12.0));

        assertThat(PathEvents.between(same, same)).isEmpty();
    }
}
