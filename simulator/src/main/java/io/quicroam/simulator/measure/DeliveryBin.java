package io.quicroam.simulator.measure;

/**
 * A flow's deliveries in one time bin, for charts: how many echoes came back in [startMillis, startMillis + bin)
 * and the longest round trip among them (NaN for an empty bin).
 */
public record DeliveryBin(long startMillis, int delivered, double maxRoundTripMillis) {}
