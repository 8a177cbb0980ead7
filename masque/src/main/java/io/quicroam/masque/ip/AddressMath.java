package io.quicroam.masque.ip;

import java.math.BigInteger;
import java.net.InetAddress;

/** IP addresses as unsigned numbers: for pools, ranges and prefix arithmetic. */
public final class AddressMath {
    private AddressMath() {}

    public static BigInteger toNumber(InetAddress address) {
        return new BigInteger(1, address.getAddress());
    }

    /** The address of {@code byteLength} bytes (4 or 16) whose value is {@code value}. */
    public static InetAddress fromNumber(BigInteger value, int byteLength) {
        byte[] raw = value.toByteArray();
        byte[] bytes = new byte[byteLength];
        int copy = Math.min(raw.length, byteLength);
        System.arraycopy(raw, raw.length - copy, bytes, byteLength - copy, copy);
        return IpAddresses.fromBytes(bytes);
    }

    /** The last address of the prefix starting at {@code start}. */
    public static BigInteger prefixEnd(BigInteger start, int addressBits, int prefixLength) {
        return start.add(BigInteger.ONE.shiftLeft(addressBits - prefixLength)).subtract(BigInteger.ONE);
    }

    /** The all-zero address of a family: "any" in ADDRESS_REQUEST, "refused" in ADDRESS_ASSIGN (RFC 9484 §4.7). */
    public static InetAddress zero(int byteLength) {
        return fromNumber(BigInteger.ZERO, byteLength);
    }
}
