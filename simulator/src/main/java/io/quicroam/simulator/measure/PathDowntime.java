package io.quicroam.simulator.measure;

/**
 * How long a path could not be used although its link was fine: FAILED, and FAILED or without an open path
 * (opening, or none) — the figure issue #21 asked for, from the 100 ms path samples.
 */
public record PathDowntime(String path, double failedWhileLinkFineMillis, double unusableWhileLinkFineMillis) {}
