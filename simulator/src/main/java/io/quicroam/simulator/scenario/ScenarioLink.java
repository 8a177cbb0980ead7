package io.quicroam.simulator.scenario;

import io.quicroam.pathmanager.iface.InterfaceClass;
import io.quicroam.simulator.link.LinkConfig;
import java.util.Objects;

/** One simulated interface of a scenario: its name (the link's), what kind of network it is, and its emulation. */
public record ScenarioLink(String name, InterfaceClass type, LinkConfig config) {
    public ScenarioLink {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(config, "config");
        if (!name.equals(config.name())) {
            throw new IllegalArgumentException("link " + name + " carries the configuration of " + config.name());
        }
    }
}
