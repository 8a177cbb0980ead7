package io.quicroam.masque.capsule;

/**
 * A capsule of a type this endpoint does not implement, skipped as RFC 9297 §3.2 requires; its value
 * was discarded unread. Reported so callers can count them. Not encodable.
 *
 * <p>This includes DATAGRAM capsules (type 0x00, RFC 9297 §3.5): quicroam sends HTTP Datagrams in QUIC
 * DATAGRAM frames only.
 */
public record UnknownCapsule(long type, long length) implements Capsule {}
