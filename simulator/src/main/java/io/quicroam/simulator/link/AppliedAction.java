package io.quicroam.simulator.link;

/** A link action as it took effect: which link, when (emulator nanoseconds), what. For state-over-time reports. */
public record AppliedAction(String link, long atNanos, LinkAction action) {}
