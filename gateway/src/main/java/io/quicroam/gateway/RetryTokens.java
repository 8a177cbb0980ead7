package io.quicroam.gateway;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.function.LongSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The tokens of QUIC Retry packets (RFC 9000 §8.1.2): proof that a client receives packets at the address it sends
 * from. A token is {@code issued (8) | key generation (1) | MAC (16) | original destination connection ID}, the MAC
 * an HMAC-SHA256 over the other fields and the client's IP address and port (§8.1.3 asks that a Retry token bind
 * both). Keys are random, live only in memory and are replaced every {@link #KEY_LIFETIME}; a token is accepted
 * for {@code lifetime} after it was issued, under the current or the previous key. Nothing is stored per client.
 *
 * <p>Not thread-safe: the gateway's event loop (the QUIC codec) calls it. Time comes from the given clock.
 */
final class RetryTokens {
    /** Long enough for any token to be redeemed under the key that signed it or the next one. */
    static final Duration KEY_LIFETIME = Duration.ofMinutes(1);

    static final int MAX_CONNECTION_ID = 20; // RFC 9000 §17.2: at most 20 bytes in QUIC version 1
    private static final int MAC_LENGTH = 16;
    private static final int ODCID_OFFSET = Long.BYTES + 1 + MAC_LENGTH;
    static final int MAX_LENGTH = ODCID_OFFSET + MAX_CONNECTION_ID;

    private final LongSupplier nanoTime;
    private final long lifetimeNanos;
    private final SecureRandom random = new SecureRandom();
    private Mac current;
    private Mac previous;
    private int generation;
    private long rotatedAt;

    RetryTokens(LongSupplier nanoTime, Duration lifetime) {
        if (lifetime.compareTo(KEY_LIFETIME) >= 0) {
            throw new IllegalArgumentException("a Retry token must expire before its key is forgotten");
        }
        this.nanoTime = nanoTime;
        this.lifetimeNanos = lifetime.toNanos();
        this.rotatedAt = nanoTime.getAsLong();
        this.current = newKey();
    }

    /** Writes a token for a client at {@code address} whose first Initial went to {@code odcid}. */
    void write(ByteBuf out, ByteBuf odcid, InetSocketAddress address) {
        long now = nanoTime.getAsLong();
        rotate(now);
        byte[] mac = mac(current, now, generation, address, odcid, odcid.readerIndex(), odcid.readableBytes());
        out.writeLong(now).writeByte(generation).writeBytes(mac, 0, MAC_LENGTH);
        out.writeBytes(odcid, odcid.readerIndex(), odcid.readableBytes());
    }

    /**
     * The offset of the original destination connection ID in {@code token} if this gateway issued it to
     * {@code address} less than the lifetime ago; -1 otherwise (forged, altered, expired, or another address).
     */
    int verify(ByteBuf token, InetSocketAddress address) {
        int start = token.readerIndex();
        int odcidLength = token.readableBytes() - ODCID_OFFSET;
        if (odcidLength < 0 || odcidLength > MAX_CONNECTION_ID) {
            return -1;
        }
        long now = nanoTime.getAsLong();
        rotate(now);
        long issued = token.getLong(start);
        int keyGeneration = token.getUnsignedByte(start + Long.BYTES);
        Mac key = keyGeneration == generation ? current : keyGeneration == ((generation - 1) & 0xff) ? previous : null;
        if (key == null || now - issued < 0 || now - issued > lifetimeNanos) {
            return -1;
        }
        byte[] expected = mac(key, issued, keyGeneration, address, token, start + ODCID_OFFSET, odcidLength);
        byte[] presented = new byte[MAC_LENGTH];
        token.getBytes(start + Long.BYTES + 1, presented);
        byte[] truncated = new byte[MAC_LENGTH];
        System.arraycopy(expected, 0, truncated, 0, MAC_LENGTH);
        return MessageDigest.isEqual(truncated, presented) ? ODCID_OFFSET : -1; // constant time: no MAC oracle
    }

    private void rotate(long now) {
        if (now - rotatedAt >= KEY_LIFETIME.toNanos()) {
            previous = current;
            current = newKey();
            generation = (generation + 1) & 0xff;
            rotatedAt = now;
        }
    }

    private Mac newKey() {
        byte[] key = new byte[32];
        random.nextBytes(key);
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac;
        } catch (GeneralSecurityException e) {
            throw new AssertionError("every JRE has HmacSHA256", e);
        }
    }

    private static byte[] mac(
            Mac key, long issued, int generation, InetSocketAddress address, ByteBuf odcid, int from, int length) {
        key.update(ByteBuffer.allocate(Long.BYTES + 1)
                .putLong(issued)
                .put((byte) generation)
                .array());
        key.update(address.getAddress().getAddress());
        key.update(ByteBuffer.allocate(Short.BYTES)
                .putShort((short) address.getPort())
                .array());
        byte[] id = new byte[length];
        odcid.getBytes(from, id);
        key.update(id);
        return key.doFinal();
    }
}
