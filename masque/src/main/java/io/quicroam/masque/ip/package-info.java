/**
 * IP packets without copying: zero-allocation views of IPv4/IPv6, ICMP and UDP headers at a buffer's reader index,
 * address parsing that never touches DNS, prefix sets matched straight from packet bytes, the Internet checksum,
 * and the ICMP "packet too big" errors of RFC 9484 §10.1.
 *
 * <p>Must not do I/O of any kind: no device, socket or name resolution. Packets come and go as netty
 * {@code ByteBuf}s owned by the caller.
 */
package io.quicroam.masque.ip;
