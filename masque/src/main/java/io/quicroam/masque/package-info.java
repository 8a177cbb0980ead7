/**
 * The CONNECT-IP wire protocol, I/O-free: QUIC variable-length integers (RFC 9000 §16), HTTP Datagram headers
 * (RFC 9297 §2.1, RFC 9484 §6), the CONNECT-IP request and response rules and the URI template (RFC 9484 §3-§4),
 * and the HTTP/3 errors a protocol violation asks the caller to raise. Its subpackages hold the capsules, the IP
 * packet views and quicroam's extension.
 *
 * <p>Must not depend on any other quicroam module, nor on netty beyond {@code io.netty.buffer}: no channel, QUIC or
 * HTTP/3 class, socket, file, thread or executor; time, where a rule needs it, is passed in. Callers do the I/O and
 * raise the errors; this module only says what the bytes mean (checked by cli's {@code ModuleClassDependencyTest}).
 */
package io.quicroam.masque;
