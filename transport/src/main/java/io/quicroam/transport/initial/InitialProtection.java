package io.quicroam.transport.initial;

import java.security.GeneralSecurityException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Protects a long-header packet with Initial keys: AEAD_AES_128_GCM (RFC 9001 §5.3) and AES header protection
 * (§5.4).
 */
public final class InitialProtection {
    /** AEAD_AES_128_GCM's tag (RFC 5116 §5.1). */
    public static final int TAG_LENGTH = 16;
    /** The ciphertext sampled for header protection (RFC 9001 §5.4.2). */
    public static final int SAMPLE_LENGTH = 16;
    /**
     * RFC 9001 §5.4.2: the sample is taken as if the packet number were 4 bytes long, so the packet number and
     * the protected payload together must be at least 4 + 16 bytes.
     */
    public static final int MIN_PROTECTED_AFTER_PN_OFFSET = 4 + SAMPLE_LENGTH;

    private InitialProtection() {}

    /**
     * The protected packet: {@code header} (a long header ending in the packet number, unprotected, its length
     * field already counting the packet number, the payload and the tag) followed by the encrypted payload.
     */
    public static byte[] protect(InitialKeys keys, byte[] header, long packetNumber, byte[] payload) {
        int pnLength = (header[0] & 0x03) + 1;
        int pnOffset = header.length - pnLength;
        if (pnLength + payload.length + TAG_LENGTH < MIN_PROTECTED_AFTER_PN_OFFSET) {
            throw new IllegalArgumentException("payload too short to sample for header protection (RFC 9001 §5.4.2)");
        }
        byte[] packet = new byte[header.length + payload.length + TAG_LENGTH];
        System.arraycopy(header, 0, packet, 0, header.length);
        seal(keys, header, packetNumber, payload, packet, header.length);

        byte[] sample = new byte[SAMPLE_LENGTH];
        System.arraycopy(packet, pnOffset + 4, sample, 0, SAMPLE_LENGTH);
        byte[] mask = mask(keys.hp(), sample);
        packet[0] ^= (byte) (mask[0] & 0x0f); // long header: the 4 low bits (§5.4.1)
        for (int i = 0; i < pnLength; i++) {
            packet[pnOffset + i] ^= mask[1 + i];
        }
        return packet;
    }

    /** §5.3: the nonce is the IV XOR the packet number, the associated data the unprotected header. */
    private static void seal(InitialKeys keys, byte[] header, long packetNumber, byte[] payload, byte[] out, int at) {
        byte[] nonce = keys.iv().clone();
        for (int i = 0; i < 8; i++) {
            nonce[nonce.length - 1 - i] ^= (byte) (packetNumber >>> (8 * i));
        }
        try {
            Cipher aead = Cipher.getInstance("AES/GCM/NoPadding");
            aead.init(
                    Cipher.ENCRYPT_MODE,
                    new SecretKeySpec(keys.key(), "AES"),
                    new GCMParameterSpec(TAG_LENGTH * 8, nonce));
            aead.updateAAD(header);
            aead.doFinal(payload, 0, payload.length, out, at);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has AES-GCM", e);
        }
    }

    /** §5.4.3: the header protection mask, AES-ECB of the sample under the hp key. */
    static byte[] mask(byte[] hp, byte[] sample) {
        try {
            Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
            ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(hp, "AES"));
            return ecb.doFinal(sample);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has AES", e);
        }
    }
}
