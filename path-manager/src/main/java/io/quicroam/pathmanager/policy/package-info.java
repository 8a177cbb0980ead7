/**
 * What the user decides in agent.yaml: interface policies (class defaults, per-name and glob entries, priority,
 * metered, backup-only, excluded), probe pacing and health thresholds, the scheduler kind, and how often each path
 * is probed next.
 *
 * <p>Reads its keys through {@code config}; decides nothing about which path carries traffic (that is
 * {@code pathmanager.scheduler}) and never touches a socket.
 */
package io.quicroam.pathmanager.policy;
