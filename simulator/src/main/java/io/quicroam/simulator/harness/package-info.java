/**
 * Runs scenarios in one JVM and in real time: per strategy a fresh gateway (echo egress), a UDP relay with one
 * emulated link per scenario link, and a real agent whose simulated interfaces follow the timeline (carrier
 * events reach its path manager when the link applies them; silent blackholes raise none). Only
 * {@code AgentDriver} touches the agent's API.
 */
package io.quicroam.simulator.harness;
