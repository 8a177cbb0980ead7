/**
 * The CONNECT-IP gateway: the QUIC/HTTP/3 server and, beside it for networks that block UDP, the TCP/TLS/HTTP/2 one
 * (extended CONNECT, RFC 8441), their request streams (one request logic for both, {@code TunnelExchange}),
 * authentication (bearer tokens held as digests, or client certificates), address pools, sessions that outlive their
 * connections with quicroam's extension (tokens that rotate with each join and bind to the client's identity, joins,
 * a grace time, revocation on a tokens reload), QUIC Retry and per-source-prefix handshake limits before anyone
 * authenticates, the uplink checks of RFC 9484 (source §8, routes §4.8), downlink dispatch to the paths the agent
 * marked AVAILABLE with the hop limit decremented on encapsulation (§7.2), the ICMP errors a router answers with (too
 * big, time exceeded, administratively prohibited), and the quotas a gateway on the Internet needs (connections,
 * streams, sessions, paths; released addresses quarantined before reuse).
 *
 * <p>Must not depend on {@code agent}, nor on {@code path-manager} beyond its {@code TimeSource} (the grace timer
 * runs on it, and on virtual time in tests): the gateway learns about the agent's paths only from PATH_STATUS
 * capsules on the wire.
 */
package io.quicroam.gateway;
