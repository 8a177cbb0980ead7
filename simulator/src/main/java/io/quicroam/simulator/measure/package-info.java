/**
 * What a run measured and how it is judged: per-flow figures (loss, duplicates, reordering, one-way latency
 * percentiles, the longest delivery gap, goodput), per-path samples, handovers, and the check of a scenario's
 * bounds. Pure functions of the logs, testable on hand-made inputs.
 */
package io.quicroam.simulator.measure;
