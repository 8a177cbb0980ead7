package io.quicroam.simulator.relay;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Hands out distinct IPv4 loopback addresses (127.0.0.2, 127.0.0.3, …) so that each emulated interface, and each
 * address a NAT rebind moves to, shows up as its own peer. Linux answers on all of 127.0.0.0/8 without setup.
 */
final class LoopbackAddresses {
    private static final int FIRST = 0x7f000002;
    private static final int LAST = 0x7ffffffe;

    private int next = FIRST;

    InetAddress next() {
        while ((next & 0xff) == 0 || (next & 0xff) == 0xff) {
            next++; // skip .0 and .255: legal on lo, but confusing in reports
        }
        if (next > LAST) {
            throw new IllegalStateException("loopback addresses exhausted");
        }
        int address = next++;
        try {
            return InetAddress.getByAddress(
                    new byte[] {(byte) (address >>> 24), (byte) (address >>> 16), (byte) (address >>> 8), (byte) address
                    });
        } catch (UnknownHostException e) {
            throw new AssertionError("four bytes are a valid IPv4 address", e);
        }
    }
}
