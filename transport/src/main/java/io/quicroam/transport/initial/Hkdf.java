package io.quicroam.transport.initial;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF over HMAC-SHA256 (RFC 5869) and TLS 1.3's HKDF-Expand-Label (RFC 8446 §7.1), all QUIC Initial keys need. */
final class Hkdf {
    private static final String HMAC = "HmacSHA256";
    private static final int HASH_LENGTH = 32;

    private Hkdf() {}

    /** HKDF-Extract (RFC 5869 §2.2). */
    static byte[] extract(byte[] salt, byte[] inputKeyMaterial) {
        return mac(salt).doFinal(inputKeyMaterial);
    }

    /** HKDF-Expand-Label(secret, label, "", length) (RFC 8446 §7.1): the context is empty for every QUIC label. */
    static byte[] expandLabel(byte[] secret, String label, int length) {
        byte[] fullLabel = ("tls13 " + label).getBytes(StandardCharsets.US_ASCII);
        byte[] info = new byte[2 + 1 + fullLabel.length + 1];
        info[0] = (byte) (length >>> 8);
        info[1] = (byte) length;
        info[2] = (byte) fullLabel.length;
        System.arraycopy(fullLabel, 0, info, 3, fullLabel.length);
        info[info.length - 1] = 0; // the empty context
        return expand(secret, info, length);
    }

    /** HKDF-Expand (RFC 5869 §2.3). */
    private static byte[] expand(byte[] prk, byte[] info, int length) {
        Mac mac = mac(prk);
        byte[] out = new byte[length];
        byte[] block = new byte[0];
        for (int done = 0, counter = 1; done < length; counter++) {
            mac.update(block);
            mac.update(info);
            mac.update((byte) counter);
            block = mac.doFinal();
            int n = Math.min(HASH_LENGTH, length - done);
            System.arraycopy(block, 0, out, done, n);
            done += n;
        }
        return out;
    }

    private static Mac mac(byte[] key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(new SecretKeySpec(key, HMAC));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has " + HMAC, e);
        }
    }
}
