/**
 * QUIC version 1 Initial packets as a server answers one without creating a connection: the Initial keys every
 * observer can derive from the client's Destination Connection ID (RFC 9001 §5.2), packet and header protection
 * (§5.3, §5.4), reading a client Initial's long header (RFC 9000 §17.2.2) and building a stateless Initial that
 * carries CONNECTION_CLOSE (RFC 9000 §10.2.3, §19.19). Bytes and javax.crypto only: no connection state.
 */
package io.quicroam.transport.initial;
