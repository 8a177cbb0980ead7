package io.quicroam.simulator.report;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quicroam.simulator.measure.DeliveryBin;
import io.quicroam.simulator.measure.FlowResult;
import io.quicroam.simulator.measure.Gap;
import io.quicroam.simulator.measure.HandoverRecord;
import io.quicroam.simulator.measure.LatencySummary;
import io.quicroam.simulator.measure.LinkEvent;
import io.quicroam.simulator.measure.PathDowntime;
import io.quicroam.simulator.measure.PathResult;
import io.quicroam.simulator.measure.PathSample;
import io.quicroam.simulator.measure.ResourceSample;
import io.quicroam.simulator.measure.SimulationResult;
import io.quicroam.simulator.measure.SoakGap;
import io.quicroam.simulator.measure.SoakResult;
import io.quicroam.simulator.measure.StateTimes;
import io.quicroam.simulator.measure.StrategyResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Every figure of a simulation as JSON, for scripts. The contract (kept stable; fields are only added):
 * <pre>
 * {"scenario": NAME, "seed": N, "results": [{"strategy": "bonded", "passed": true, "failed_bounds": [],
 *   "session_resets": 0, "address_changes": 0,
 *   "flows": [{"name": "call", "sent": N, "received": N, "lost": N, "duplicated": N, "reordered": N,
 *              "latency_ms": {"p50": X, "p99": X, "max": X}, "max_gap_ms": X}],
 *   "handovers": [{"at_ms": X, "from": "wifi", "to": "lte", "trigger": "interface-down", "duration_ms": X}],
 *   "paths": [{"name": "wifi", "bytes_up": N, "bytes_down": N, "tcp_bytes_up": N, "tcp_bytes_down": N,
 *              "time_in_state_ms": {"active-capable": N, …}}],
 *   "resources": [{"t_ms": N, "heap_after_gc_bytes": N, "threads": N, "open_fds": N, "emulator_fds": N,
 *                  "after_full_gc": false, "records_bytes": N}],
 *   "soak": {"max_gap_while_a_link_works_ms": X, "longest_gap_while_a_link_worked_ms": X, "failed": [],
 *            "max_gap_on_a_metered_link_ms": X,
 *            "gaps": [{"flow": "call", "at_ms": X, "duration_ms": X, "while_a_link_worked_ms": X, "carrier": "lte",
 *                      "bound_ms": X,
 *                      "events_around": [{"at_ms": X, "link": "wifi", "action": "blackhole"}]}],
 *            "paths": [{"name": "wifi", "failed_while_link_fine_ms": X, "unusable_while_link_fine_ms": X}]}}]}
 * </pre>
 * {@code soak} is there only with {@code --soak}. A handover's {@code trigger} names the signal that moved the traffic:
 * {@code interface-down} (the carrier), {@code probe-loss}, {@code rtt-inflation}, {@code loss} and {@code rate}
 * (the carrying path's QUIC figures), {@code preferred-returned}, {@code path-readmitted}, ….
 * Times are scenario milliseconds (0 = traffic start); {@code latency_ms} is one-way uplink. A figure that could
 * not be measured (no sample, or a handover that never completed) is {@code null}.
 */
public final class JsonReport {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private JsonReport() {}

    public static void write(SimulationResult result, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, toJson(result), StandardCharsets.UTF_8);
    }

    public static String toJson(SimulationResult result) {
        try {
            return MAPPER.writeValueAsString(tree(result));
        } catch (IOException e) {
            throw new UncheckedIOException("a tree of plain values always serialises", e);
        }
    }

    static ObjectNode tree(SimulationResult result) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("scenario", result.scenario());
        root.put("description", result.description());
        root.put("seed", result.seed());
        root.put("duration_s", result.durationSeconds());
        root.put("passed", result.passed());
        ArrayNode results = root.putArray("results");
        result.results().forEach(r -> strategy(results.addObject(), r));
        return root;
    }

    private static void strategy(ObjectNode node, StrategyResult r) {
        node.put("strategy", r.strategy().label());
        node.put("passed", r.passed());
        node.put("verdict", r.verdict());
        if (r.error() != null) {
            node.put("error", r.error());
        }
        node.put("bounds_checked", r.boundsChecked());
        ArrayNode bounds = node.putArray("failed_bounds");
        r.failedBounds().forEach(bounds::add);
        node.put("session_resets", r.sessionResets());
        node.put("address_changes", r.addressChanges());
        ArrayNode flows = node.putArray("flows");
        r.flows().forEach(f -> flow(flows.addObject(), f));
        ArrayNode handovers = node.putArray("handovers");
        r.handovers().forEach(h -> handover(handovers.addObject(), h));
        ArrayNode paths = node.putArray("paths");
        r.paths().forEach(p -> path(paths.addObject(), p));
        linkEvents(node.putArray("link_events"), r.linkEvents());
        ArrayNode resources = node.putArray("resources");
        for (ResourceSample sample : r.resources()) {
            ObjectNode s = resources.addObject();
            s.put("t_ms", sample.atMillis());
            s.put("heap_after_gc_bytes", sample.heapAfterGcBytes());
            s.put("threads", sample.threads());
            s.put("open_fds", sample.openFds());
            s.put("emulator_fds", sample.emulatorFds());
            s.put("after_full_gc", sample.afterFullGc());
            s.put("records_bytes", sample.recordsBytes());
        }
        r.soak().ifPresent(soak -> soak(node.putObject("soak"), soak));
    }

    private static void linkEvents(ArrayNode events, List<LinkEvent> linkEvents) {
        for (LinkEvent e : linkEvents) {
            ObjectNode event = events.addObject();
            number(event, "at_ms", e.atMillis());
            event.put("link", e.link());
            event.put("action", e.action());
        }
    }

    private static void soak(ObjectNode node, SoakResult soak) {
        number(node, "max_gap_while_a_link_works_ms", soak.criteria().maxGapWhileALinkWorksMillis());
        number(node, "max_gap_on_a_metered_link_ms", soak.criteria().maxGapOnAMeteredLinkMillis());
        number(node, "longest_gap_while_a_link_worked_ms", soak.longestGapWhileALinkWorkedMillis());
        ArrayNode failed = node.putArray("failed");
        soak.failed().forEach(failed::add);
        ArrayNode gaps = node.putArray("gaps");
        for (SoakGap gap : soak.gaps()) {
            ObjectNode g = gaps.addObject();
            g.put("flow", gap.flow());
            number(g, "at_ms", gap.atMillis());
            number(g, "duration_ms", gap.millis());
            number(g, "while_a_link_worked_ms", gap.whileALinkWorkedMillis());
            g.put("carrier", gap.carrier());
            number(g, "bound_ms", gap.boundMillis());
            linkEvents(g.putArray("events_around"), gap.around());
        }
        ArrayNode paths = node.putArray("paths");
        for (PathDowntime d : soak.downtime()) {
            ObjectNode p = paths.addObject();
            p.put("name", d.path());
            number(p, "failed_while_link_fine_ms", d.failedWhileLinkFineMillis());
            number(p, "unusable_while_link_fine_ms", d.unusableWhileLinkFineMillis());
        }
    }

    private static void flow(ObjectNode node, FlowResult f) {
        node.put("name", f.name());
        node.put("sent", f.sent());
        node.put("received", f.received());
        node.put("lost", f.lost());
        node.put("duplicated", f.duplicated());
        node.put("reordered", f.reordered());
        latency(node.putObject("latency_ms"), f.latency());
        number(node, "max_gap_ms", f.longestGap().millis());
        number(node, "max_gap_at_ms", f.longestGap().startMillis());
        latency(node.putObject("downlink_latency_ms"), f.downlinkLatency());
        latency(node.putObject("round_trip_ms"), f.roundTrip());
        number(node, "goodput_bps", f.goodputBps());
        ArrayNode gaps = node.putArray("gaps");
        for (Gap gap : f.gaps()) {
            ObjectNode g = gaps.addObject();
            number(g, "at_ms", gap.startMillis());
            number(g, "duration_ms", gap.millis());
        }
        ArrayNode delivery = node.putArray("delivery");
        for (DeliveryBin bin : f.bins()) {
            ObjectNode b = delivery.addObject();
            b.put("t_ms", bin.startMillis());
            b.put("delivered", bin.delivered());
            number(b, "max_round_trip_ms", bin.maxRoundTripMillis());
        }
    }

    private static void latency(ObjectNode node, LatencySummary latency) {
        number(node, "p50", latency.p50());
        number(node, "p99", latency.p99());
        number(node, "max", latency.max());
    }

    private static void handover(ObjectNode node, HandoverRecord h) {
        number(node, "at_ms", h.atMillis());
        node.put("from", h.from());
        node.put("to", h.to());
        node.put("trigger", h.trigger());
        number(node, "duration_ms", h.durationMillis());
    }

    private static void path(ObjectNode node, PathResult p) {
        node.put("name", p.name());
        node.put("class", p.type());
        node.put("bytes_up", p.bytesUp());
        node.put("bytes_down", p.bytesDown());
        node.put("tcp_bytes_up", p.tcpBytesUp());
        node.put("tcp_bytes_down", p.tcpBytesDown());
        ObjectNode times = node.putObject("time_in_state_ms");
        StateTimes.of(p.samples()).forEach(times::put);
        ArrayNode samples = node.putArray("samples");
        for (PathSample s : p.samples()) {
            ObjectNode sample = samples.addObject();
            sample.put("t_ms", s.atMillis());
            number(sample, "up_bps", s.upBitsPerSecond());
            number(sample, "down_bps", s.downBitsPerSecond());
            sample.put("state", s.state());
            number(sample, "rtt_ms", s.rttMillis());
            sample.put("link_state", s.linkState());
        }
    }

    /** Rounded to 0.001 (microseconds for times in ms); NaN and infinities, which JSON lacks, become null. */
    private static void number(ObjectNode node, String field, double value) {
        if (Double.isFinite(value)) {
            node.put(field, Math.round(value * 1000) / 1000.0);
        } else {
            node.putNull(field);
        }
    }
}
