package io.quicroam.simulator.link;

/**
 * What the host would learn from its OS when an emulated link's interface appears or disappears (carrier and
 * addresses). Blackholes, fades and rebinds raise none: the host has to notice them from traffic.
 */
public record InterfaceEvent(String link, boolean present, long atNanos) {}
