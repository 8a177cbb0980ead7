package io.quicroam.simulator.measure;

/** A stretch of scenario time in which a flow delivered nothing: from {@code startMillis}, lasting {@code millis}. */
public record Gap(double startMillis, double millis) {}
