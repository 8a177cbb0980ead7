/**
 * The applications inside the tunnel: constant-bit-rate and bulk UDP flows whose datagrams carry their flow,
 * sequence number and send time, injected into the agent's in-memory packet I/O and echoed by the gateway's echo
 * host; a tap on the gateway's egress and a receiver at the agent log where each datagram got to and when.
 */
package io.quicroam.simulator.traffic;
