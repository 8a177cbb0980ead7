package io.quicroam.simulator.measure;

/** A timeline action as it took effect on a link: when (scenario milliseconds), which link, what. */
public record LinkEvent(double atMillis, String link, String action) {}
