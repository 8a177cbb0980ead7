package io.quicroam.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quicroam.cli.control.ControlServer;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code quicroam paths [--watch]}: the running agent's paths, and with --watch every path and handover event. */
@Command(
        name = "paths",
        mixinStandardHelpOptions = true,
        description = "Show the running agent's paths; --watch then streams path changes, handovers, session "
                + "resets and resumes from sleep until interrupted.")
final class PathsCommand implements Callable<Integer> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneId.systemDefault());

    @Option(names = "--watch", description = "Keep streaming events until interrupted.")
    boolean watch;

    @Option(
            names = "--json",
            description = "Print the agent's JSON lines (one object per line, with an \"event\" field).")
    boolean json;

    @Mixin
    AgentSocket agent = new AgentSocket();

    @Override
    public Integer call() {
        boolean streamed = agent.stream("paths", ControlServer.WATCH, line -> {
            print(line);
            return watch; // without --watch, the snapshot is all
        });
        if (!streamed) {
            return 1;
        }
        if (watch) {
            System.err.println("quicroam paths: the agent closed the stream (it stopped)");
            return 1;
        }
        return 0;
    }

    private void print(String line) {
        if (json) {
            System.out.println(line);
        } else {
            try {
                System.out.print(describe(JSON.readTree(line)));
            } catch (IOException e) {
                System.out.println(line);
            }
        }
        System.out.flush();
    }

    /** One event as terminal lines: {@code HH:mm:ss  what}. */
    static String describe(JsonNode event) {
        String at =
                event.has("at") ? TIME.format(Instant.parse(event.path("at").asText())) : TIME.format(Instant.now());
        String name = event.path("event").asText();
        StringBuilder out = new StringBuilder();
        switch (name) {
            case "status" -> {
                event.path("paths")
                        .forEach(path ->
                                out.append(at).append("  ").append(path(path)).append('\n'));
                if (event.path("paths").isEmpty()) {
                    out.append(at).append("  no paths open").append('\n');
                }
            }
            case "path-opened", "path-changed" ->
                out.append(at)
                        .append("  ")
                        .append(path(event))
                        .append(name.equals("path-opened") ? "  (opened)" : "")
                        .append('\n');
            case "path-closed" -> out.append(String.format("%s  %-14s closed%n", at, label(event)));
            case "handover" ->
                out.append(String.format(
                        "%s  handover %s -> %s (%s)%s%n",
                        at,
                        event.path("from").asText(),
                        event.path("to").asText(),
                        event.path("reason").asText(),
                        event.has("duration_ms")
                                ? String.format(
                                        ", traffic resumed after %.0f ms",
                                        event.path("duration_ms").asDouble())
                                : ""));
            case "resumed" ->
                out.append(String.format(
                        "%s  resumed after %d s asleep: probing every path%n",
                        at, event.path("slept_s").asLong()));
            case "reload" ->
                out.append(String.format(
                        "%s  configuration reloaded (%s)%n",
                        at, event.path("reloaded").asBoolean() ? "applied " + event.path("applied") : "refused"));
            default -> out.append(at).append("  ").append(name).append('\n');
        }
        return out.toString();
    }

    private static String path(JsonNode path) {
        String rtt = path.path("rtt_ms").isNumber()
                ? String.format("%.1f ms", path.path("rtt_ms").asDouble())
                : "-";
        return String.format(
                "%-14s %-9s %-10s %-15s rtt %-9s loss %4.1f%%",
                label(path),
                path.path("class").asText(),
                path.path("role").asText(),
                path.path("state").asText(),
                rtt,
                path.path("loss").asDouble() * 100);
    }

    private static String label(JsonNode path) {
        return path.path("interface").asText() + "/"
                + path.path("family").asText().replace("ipv", "v");
    }
}
