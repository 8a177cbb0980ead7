/**
 * Handover scenarios: links, a timeline of link actions, inner traffic, duration, seed and the bounds each
 * strategy must meet, read from YAML ({@link io.quicroam.simulator.scenario.ScenarioLoader}) with errors that
 * name file, line, key and what was expected. Shipped scenarios live in {@code configs/scenarios}.
 */
package io.quicroam.simulator.scenario;
