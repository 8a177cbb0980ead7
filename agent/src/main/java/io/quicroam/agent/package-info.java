/**
 * The roaming client: one CONNECT-IP session carried by QUIC paths (one per usable interface when bonded, one moved
 * beneath QUIC when migrating, a new one per failure when reconnecting), opened where the path manager says, with
 * sockets pinned to their interfaces; packets between the packet I/O and the active paths; the TUN device's
 * addresses, routes (split tunnelling) and DNS; status, handovers and metrics.
 *
 * <p>Must not depend on {@code gateway} in its main code (its loopback tests start one), nor on the CLI or the
 * simulator: daemons, control socket and commands are {@code cli}'s.
 */
package io.quicroam.agent;
