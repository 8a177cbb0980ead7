package io.quicroam.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code quicroam reload}: the running agent reads its configuration again (like SIGHUP), keeping the session. */
@Command(
        name = "reload",
        mixinStandardHelpOptions = true,
        description = "Make the running agent read its configuration again without dropping the session. "
                + "logging.level, tunnel.include/exclude and dns apply at once; other changed keys are listed as "
                + "needing a restart. An invalid file changes nothing.")
final class ReloadCommand implements Callable<Integer> {
    @Option(names = "--json", description = "Print the agent's JSON answer.")
    boolean json;

    @Mixin
    AgentSocket agent = new AgentSocket();

    @Override
    public Integer call() throws IOException {
        Optional<String> asked = agent.ask("reload");
        if (asked.isEmpty()) {
            return 1;
        }
        String answer = asked.get();
        JsonNode result = new ObjectMapper().readTree(answer);
        if (json) {
            System.out.println(answer);
        } else {
            System.out.print(describe(result));
        }
        return result.path("reloaded").asBoolean() ? 0 : 2;
    }

    /** The human form of a reload answer. */
    static String describe(JsonNode result) {
        StringBuilder out = new StringBuilder();
        if (!result.path("reloaded").asBoolean()) {
            return "not reloaded, nothing changed: " + result.path("error").asText() + System.lineSeparator();
        }
        if (result.path("applied").isEmpty() && result.path("restart_needed").isEmpty()) {
            out.append("reloaded: no changes").append(System.lineSeparator());
        }
        result.path("applied")
                .forEach(key ->
                        out.append("applied         ").append(key.asText()).append(System.lineSeparator()));
        result.path("restart_needed")
                .fields()
                .forEachRemaining(entry -> out.append("restart needed  ")
                        .append(entry.getKey())
                        .append(" (")
                        .append(entry.getValue().asText())
                        .append(')')
                        .append(System.lineSeparator()));
        result.path("warnings")
                .forEach(w -> out.append("warning: ").append(w.asText()).append(System.lineSeparator()));
        return out.toString();
    }
}
