/**
 * User-space link emulation in the manner of mahimahi, I/O-free and clock-agnostic. A {@link
 * io.quicroam.simulator.link.Link} is one simulated interface: two {@link io.quicroam.simulator.link.LinkDirection}s
 * (loss → drop-tail queue → rate or mahimahi trace → delay and jitter), a state (up, down, blackhole), a NAT
 * binding generation and a timeline of {@link io.quicroam.simulator.link.LinkAction}s. Callers pass time in
 * nanoseconds: tests pass virtual time, the UDP relay ({@code io.quicroam.simulator.relay}) passes real time, and
 * both get the same results for the same times. Randomness comes from streams derived from a scenario seed ({@link
 * io.quicroam.simulator.link.Seeds}), so a scenario replays exactly.
 */
package io.quicroam.simulator.link;
