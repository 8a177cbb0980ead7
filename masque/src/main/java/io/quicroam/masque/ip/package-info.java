/**
 * IP packets without copying: zero-allocation views of IPv4/IPv6, ICMP and UDP headers at a buffer's reader index,
 * address parsing that never touches DNS, prefix sets matched straight from packet bytes, the Internet checksum,
 * and the ICMP errors an IP proxying endpoint answers with (too big, time exceeded, administratively prohibited),
 * with the RFCs' exclusions and rate limit.
 *
 * <p>Must not do I/O of any kind: no device, socket or name resolution. Packets come and go as netty
 * {@code ByteBuf}s owned by the caller.
 */
package io.quicroam.masque.ip;
