package io.quicroam.simulator.scenario;

import io.quicroam.pathmanager.iface.InterfaceClass;
import io.quicroam.simulator.link.LinkConfig;
import java.util.Objects;

/**
 * One simulated interface of a scenario: its name (the link's), what kind of network it is, and its emulation.
 *
 * @param udpBlocked its firewall drops UDP from before the agent starts ({@code block-udp: true}): a network the
 *                   agent meets blocking, as opposed to one that starts blocking on the timeline
 */
public record ScenarioLink(String name, InterfaceClass type, LinkConfig config, boolean udpBlocked) {
    public ScenarioLink {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(config, "config");
        if (!name.equals(config.name())) {
            throw new IllegalArgumentException("link " + name + " carries the configuration of " + config.name());
        }
    }
}
