/**
 * Real-time UDP relays on loopback that carry an agent's per-path traffic to a gateway through emulated links,
 * one 127.0.0.x source address per simulated interface; TCP to the same near address (an HTTP/2 path) is relayed
 * beside it, following the link's state.
 */
package io.quicroam.simulator.relay;
