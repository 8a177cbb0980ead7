/**
 * Moving IP packets in and out of quicroam: the {@link io.quicroam.packetio.PacketIo} boundary,
 * a Linux TUN implementation with its link configuration, and an in-memory one for tests and the
 * simulator.
 */
package io.quicroam.packetio;
