/**
 * quicroam's negotiated extension to CONNECT-IP (docs/extension.md): the header names that offer, answer and join a
 * session that outlives its connections, the context IDs of probes and sequenced (redundant) packets, and the
 * receiver's duplicate filter for those sequences.
 *
 * <p>Names and rules only: whether a session exists, and which path carries what, is decided in {@code agent} and
 * {@code gateway}. Depends on nothing outside the JDK.
 */
package io.quicroam.masque.extension;
