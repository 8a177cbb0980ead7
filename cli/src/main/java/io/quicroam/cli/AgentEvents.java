package io.quicroam.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quicroam.agent.AgentListener;
import io.quicroam.agent.AgentStatus;
import io.quicroam.agent.Handover;
import io.quicroam.cli.control.EventHub;
import io.quicroam.cli.control.JsonText;
import io.quicroam.cli.control.PathEvents;
import io.quicroam.cli.control.StatusJson;
import java.time.Clock;
import java.time.Duration;
import java.util.function.Consumer;

/**
 * Turns what happens in the agent into event lines for {@code quicroam paths --watch}: handovers, session resets
 * and address changes as the agent reports them; path changes from successive polled statuses; resumes from sleep.
 * Every event carries {@code at} (wall-clock time) and never an address.
 */
final class AgentEvents implements AgentListener, Consumer<AgentStatus> {
    private final EventHub hub;
    private final Clock clock;
    private AgentStatus previous; // status poller thread only

    AgentEvents(EventHub hub, Clock clock) {
        this.hub = hub;
        this.clock = clock;
    }

    /** A polled status: publishes how its paths differ from the previous one's. */
    @Override
    public void accept(AgentStatus status) {
        if (previous != null && hub.watched()) {
            PathEvents.between(StatusJson.of(previous), StatusJson.of(status)).forEach(this::publish);
        }
        previous = status;
    }

    @Override
    public void onHandover(Handover handover) {
        ObjectNode event = PathEvents.event("handover")
                .put("from", handover.from())
                .put("to", handover.to())
                .put("reason", handover.trigger());
        if (handover.durationNanos() >= 0) {
            event.put("duration_ms", handover.durationNanos() / 1e6);
        }
        publish(event);
    }

    @Override
    public void onSessionReset() {
        publish(PathEvents.event("session-reset"));
    }

    @Override
    public void onAddressChange() {
        publish(PathEvents.event("address-change"));
    }

    /** The laptop slept for {@code away}; every path is being probed. */
    void resumed(Duration away) {
        publish(PathEvents.event("resumed").put("slept_s", away.toSeconds()));
    }

    /** The configuration was read again; {@code applied} and {@code restartNeeded} list keys. */
    void reloaded(ObjectNode result) {
        publish(PathEvents.event("reload").setAll(result));
    }

    private void publish(ObjectNode event) {
        if (!hub.watched()) {
            return; // rendering it would load Jackson's databind for nobody
        }
        event.put("at", clock.instant().toString());
        hub.publish(JsonText.of(event));
    }
}
