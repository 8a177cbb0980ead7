package io.quicroam.simulator.measure;

/**
 * Traffic moved from one path to another at {@code atMillis} (scenario time) because of {@code trigger}; it took
 * {@code durationMillis} until the first packet arrived on the new path (NaN if none did).
 */
public record HandoverRecord(double atMillis, String from, String to, String trigger, double durationMillis) {}
