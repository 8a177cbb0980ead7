/**
 * The running agent's local control socket: an owner-only Unix domain socket answering {@code status} and
 * {@code reload} with one JSON line, and streaming path and handover events to {@code quicroam paths --watch}; the
 * JSON forms of status and events (a contract for scripts).
 *
 * <p>Only the agent's public status types cross into it; it holds no agent state and never names an outer address.
 */
package io.quicroam.cli.control;
