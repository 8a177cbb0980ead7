package io.quicroam.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code quicroam status}: asks the running agent over its control socket. */
@Command(
        name = "status",
        mixinStandardHelpOptions = true,
        description = "Show the running agent's session, paths and last handovers.")
final class StatusCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print JSON (stable field names, for scripts).")
    boolean json;

    @Mixin
    AgentSocket agent = new AgentSocket();

    @Override
    public Integer call() throws IOException {
        Optional<String> asked = agent.ask("status");
        if (asked.isEmpty()) {
            return 1;
        }
        String answer = asked.get();
        if (json) {
            System.out.println(answer);
            return 0;
        }
        System.out.print(StatusTable.render(new ObjectMapper().readTree(answer), System.console() != null));
        return 0;
    }

    /** The human form: a compact table, colour only on a terminal. */
    static final class StatusTable {
        private StatusTable() {}

        static String render(JsonNode status, boolean colour) {
            StringBuilder out = new StringBuilder();
            JsonNode session = status.path("session");
            out.append(String.format(
                    "session  %s, up %ds, addresses %s%n",
                    session.path("mode").asText(), session.path("uptime_s").asLong(), join(session.path("addresses"))));
            out.append(String.format("routes   %s%n", join(session.path("routes"))));
            out.append(String.format("MTU      %d%n", session.path("tunnel_mtu").asInt()));
            out.append(String.format(
                    "%n%-10s %-9s %-5s %-5s %-10s %-15s %9s %6s %5s %12s %12s %8s%n",
                    "INTERFACE", "CLASS", "IP", "VIA", "ROLE", "STATE", "RTT", "LOSS", "MTU", "UP", "DOWN", "SINCE"));
            for (JsonNode path : status.path("paths")) {
                String role = path.path("role").asText();
                String shown =
                        colour && role.equals("available") ? "\u001b[32m" + pad(role, 10) + "\u001b[0m" : pad(role, 10);
                String rtt = path.path("rtt_ms").isNull()
                        ? "-"
                        : String.format("%.1fms", path.path("rtt_ms").asDouble());
                // An unusable path shows why instead of its health: it carries no traffic whatever its probes say.
                String state = path.path("unusable").isTextual()
                        ? path.path("unusable").asText()
                        : path.path("state").asText();
                out.append(String.format(
                        "%-10s %-9s %-5s %-5s %s %-15s %9s %5.1f%% %5d %12s %12s %7ds%n",
                        path.path("interface").asText(),
                        path.path("class").asText(),
                        path.path("family").asText().replace("ip", ""),
                        path.path("transport").isTextual()
                                ? path.path("transport").asText()
                                : "-", // quic, http2
                        shown,
                        state,
                        rtt,
                        path.path("loss").asDouble() * 100,
                        path.path("max_packet").asInt(),
                        bytes(path.path("bytes_up").asLong()),
                        bytes(path.path("bytes_down").asLong()),
                        path.path("since_s").asLong()));
            }
            if (status.path("handovers").size() > 0) {
                out.append(String.format("%nhandovers%n"));
                for (JsonNode h : status.path("handovers")) {
                    String took = h.path("duration_ms").isNull()
                            ? "pending"
                            : String.format("%.0f ms", h.path("duration_ms").asDouble());
                    out.append(String.format(
                            "  %5ds ago  %s -> %s  (%s, %s)%n",
                            h.path("ago_s").asLong(),
                            h.path("from").asText(),
                            h.path("to").asText(),
                            h.path("reason").asText(),
                            took));
                }
            }
            return out.toString();
        }

        private static String pad(String text, int width) {
            return String.format("%-" + width + "s", text);
        }

        private static String join(JsonNode array) {
            StringBuilder text = new StringBuilder();
            array.forEach(node -> text.append(text.length() == 0 ? "" : ", ").append(node.asText()));
            return text.length() == 0 ? "-" : text.toString();
        }

        private static String bytes(long count) {
            if (count < 10_000) {
                return count + " B";
            }
            if (count < 10_000_000) {
                return count / 1000 + " kB";
            }
            return count / 1_000_000 + " MB";
        }
    }
}
