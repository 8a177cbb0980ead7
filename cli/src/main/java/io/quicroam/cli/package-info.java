/**
 * The {@code quicroam} command (picocli): {@code gateway} and {@code agent} daemons with their YAML files validated
 * whole, reload and SIGHUP, the Prometheus endpoint, {@code status}, {@code paths}, {@code interfaces},
 * {@code demo}, {@code bench} and {@code simulate}.
 *
 * <p>The top of the graph: it may use every module, and nothing may use it. Protocol and path rules belong in the
 * modules below; this package wires them and talks to the user.
 */
package io.quicroam.cli;
