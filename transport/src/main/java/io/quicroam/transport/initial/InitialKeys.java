package io.quicroam.transport.initial;

import java.util.HexFormat;

/**
 * The keys that protect QUIC version 1 Initial packets in one direction (RFC 9001 §5.2): derived from the
 * Destination Connection ID of the client's Initial alone, so they authenticate nothing; they only keep
 * off-path observers and middleboxes that do not know QUIC from changing the packet.
 *
 * @param key AEAD_AES_128_GCM's key (RFC 9001 §5.3)
 * @param iv  the nonce base: the packet number is XORed into its end
 * @param hp  AES-128's key for header protection (§5.4.3)
 */
public record InitialKeys(byte[] key, byte[] iv, byte[] hp) {
    /** RFC 9001 §5.2: the salt of QUIC version 1's Initial secrets. */
    private static final byte[] INITIAL_SALT = HexFormat.of().parseHex("38762cf7f55934b34d179ae6a4c80cadccbb7f0a");

    /** The keys that protect what the client sends. */
    public static InitialKeys client(byte[] clientDestinationId) {
        return fromSecret(Hkdf.expandLabel(initialSecret(clientDestinationId), "client in", 32));
    }

    /** The keys that protect what the server sends. */
    public static InitialKeys server(byte[] clientDestinationId) {
        return fromSecret(Hkdf.expandLabel(initialSecret(clientDestinationId), "server in", 32));
    }

    private static byte[] initialSecret(byte[] clientDestinationId) {
        return Hkdf.extract(INITIAL_SALT, clientDestinationId);
    }

    private static InitialKeys fromSecret(byte[] secret) {
        return new InitialKeys(
                Hkdf.expandLabel(secret, "quic key", 16),
                Hkdf.expandLabel(secret, "quic iv", 12),
                Hkdf.expandLabel(secret, "quic hp", 16));
    }
}
