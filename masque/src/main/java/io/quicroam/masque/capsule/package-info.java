/**
 * Capsules of the Capsule Protocol (RFC 9297 §3.2) on a CONNECT-IP request stream: ADDRESS_ASSIGN,
 * ADDRESS_REQUEST and ROUTE_ADVERTISEMENT (RFC 9484 §4.7) as records, quicroam's PATH_STATUS, and skipped
 * capsules of unknown type; their codec and an incremental decoder for a stream's DATA bytes.
 *
 * <p>Pure like the rest of {@code masque}: it parses and encodes {@code ByteBuf}s and never reads a stream itself;
 * which DATA frame carries the bytes is transport's business.
 */
package io.quicroam.masque.capsule;
