/**
 * The Linux interface monitor: an rtnetlink socket (JNA via the {@code linux} module) subscribed to link, address and
 * route groups, and the pure rtnetlink wire format it parses, testable with bytes.
 *
 * <p>Reports only {@code pathmanager.iface} events; must not reach up into paths, health or scheduling.
 */
package io.quicroam.pathmanager.netlink;
