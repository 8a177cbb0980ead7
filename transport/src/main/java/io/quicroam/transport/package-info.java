/**
 * netty QUIC and HTTP/3 plumbing that agent and gateway share: QUIC tuning, the epoll/NIO transport choice, the
 * SETTINGS a CONNECT-IP endpoint sends and remembers from its peer (RFC 9297 §2.1.1), capsules in DATA frames,
 * routing received HTTP Datagrams to their stream by quarter stream ID, each connection's datagram capacity, sending
 * datagrams from any thread with one flush per batch, and drop and ICMP counting; for networks that block UDP, what
 * both ends of CONNECT-IP over HTTP/2 agree on ({@code Http2Tunnels}: SETTINGS, ALPN, windows, the short send queue).
 *
 * <p>Knows neither sessions nor paths: must not depend on {@code agent}, {@code gateway}, {@code path-manager} or
 * {@code packet-io}; from quicroam only {@code masque}.
 */
package io.quicroam.transport;
