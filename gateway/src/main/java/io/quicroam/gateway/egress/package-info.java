/**
 * Where the gateway's packets leave for the Internet: a Linux TUN device with the pools routed into it, or an
 * in-memory echo host (ICMP echo, UDP echo) for tests, the demo and the simulator, opened as the configuration says;
 * and the egress policy: which destinations no client may reach through them ({@code EgressPolicy}).
 *
 * <p>Behind {@code packetio.PacketIo}: the gateway's session logic never sees which one it has.
 */
package io.quicroam.gateway.egress;
