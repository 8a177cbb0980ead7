/**
 * The vocabulary of paths shared by the path manager, the agent and status output: a path's identity (interface,
 * local address, gateway), its role (AVAILABLE, BACKUP, ABANDON, after draft-ietf-quic-multipath's PATH_STATUS),
 * the view a scheduler gets, and a sequenced decision with its trigger.
 *
 * <p>Immutable values only, no behaviour that waits or does I/O; depends on nothing above {@code health} and
 * {@code policy}.
 */
package io.quicroam.pathmanager.path;
