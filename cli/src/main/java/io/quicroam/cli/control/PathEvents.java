package io.quicroam.cli.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The events of {@code quicroam paths --watch}, each one JSON object with an {@code event} field. Path events come
 * from comparing two {@link StatusJson} snapshots: a path appeared ({@code path-opened}), changed role or state
 * ({@code path-changed}) or went away ({@code path-closed}); RTT and byte counts change all the time and are not
 * events. Paths are named by interface and family, never by address.
 */
public final class PathEvents {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private PathEvents() {}

    /** The path events that lead from {@code before} to {@code after} (both {@link StatusJson} objects). */
    public static List<ObjectNode> between(JsonNode before, JsonNode after) {
        Map<String, JsonNode> old = byKey(before);
        Map<String, JsonNode> now = byKey(after);
        List<ObjectNode> events = new ArrayList<>();
        now.forEach((key, path) -> {
            JsonNode previous = old.get(key);
            if (previous == null) {
                events.add(pathEvent("path-opened", path));
            } else if (!previous.path("role").equals(path.path("role"))
                    || !previous.path("state").equals(path.path("state"))) {
                events.add(pathEvent("path-changed", path));
            }
        });
        old.forEach((key, path) -> {
            if (!now.containsKey(key)) {
                ObjectNode closed = JSON.objectNode().put("event", "path-closed");
                closed.put("interface", path.path("interface").asText())
                        .put("family", path.path("family").asText());
                events.add(closed);
            }
        });
        return events;
    }

    /** An event that carries no path: {@code handover}, {@code session-reset}, {@code resumed}, ... */
    public static ObjectNode event(String name) {
        return JSON.objectNode().put("event", name);
    }

    private static ObjectNode pathEvent(String name, JsonNode path) {
        ObjectNode event = JSON.objectNode().put("event", name);
        for (String field : List.of("interface", "class", "family", "role", "state", "rtt_ms", "loss")) {
            event.set(field, path.path(field).deepCopy());
        }
        return event;
    }

    private static Map<String, JsonNode> byKey(JsonNode status) {
        Map<String, JsonNode> paths = new LinkedHashMap<>();
        if (status != null) {
            for (JsonNode path : status.path("paths")) {
                paths.put(
                        path.path("interface").asText() + "/"
                                + path.path("family").asText(),
                        path);
            }
        }
        return paths;
    }
}
