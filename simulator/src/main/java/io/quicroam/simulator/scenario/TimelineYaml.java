package io.quicroam.simulator.scenario;

import io.quicroam.simulator.link.LinkAction;
import java.util.List;
import java.util.Locale;

/**
 * Writes timeline events in the {@code timeline:} syntax {@link ScenarioLoader} reads, e.g. to keep a generated
 * timeline as a fixed scenario, or to run it with an older build. Trace swaps are not written (they name files).
 */
public final class TimelineYaml {
    private TimelineYaml() {}

    /** One {@code - {at: ..., link: ..., action: ...}} line per event, under a {@code timeline:} key. */
    public static String write(List<TimelineEvent> events) {
        StringBuilder out = new StringBuilder("timeline:\n");
        for (TimelineEvent e : events) {
            out.append("  - {at: ")
                    .append(e.at().toMillis())
                    .append("ms, link: ")
                    .append(e.link())
                    .append(", action: ")
                    .append(action(e.action()))
                    .append("}\n");
        }
        return out.toString();
    }

    private static String action(LinkAction action) {
        if (action instanceof LinkAction.Fade fade) {
            return String.format(
                    Locale.ROOT,
                    "fade, over: %dms, loss: %s",
                    fade.over().toMillis(),
                    fade.uplink().lossProbability().orElse(0));
        } else if (action instanceof LinkAction.Rebind rebind) {
            return "nat-rebind, kind: " + (rebind.kind() == LinkAction.Rebind.Kind.NEW_PORT ? "port" : "address");
        } else if (action instanceof LinkAction.BlockUdp block) {
            return block.blocked() ? "block-udp" : "unblock-udp";
        } else if (action instanceof LinkAction.SetRate) {
            throw new IllegalArgumentException("a trace swap names a file and is not written");
        }
        return action.getClass().getSimpleName().toLowerCase(Locale.ROOT);
    }
}
