package io.quicroam.interop.kwik;

import tech.kwik.core.QuicConnection;

/**
 * Kwik with Java assertions off, as it runs outside a test JVM. Surefire enables assertions ({@code -ea}) for every
 * class, Kwik's too, and Kwik 0.10.8's {@code LossDetector.detectLostPackets} asserts a loss delay above 0: 9/8 of
 * max(smoothed RTT, latest RTT), in whole milliseconds, which is 0 on loopback once an ACK comes back within the
 * millisecond (a warm JVM on a quiet machine). The {@link AssertionError} ends the connection's
 * {@code receiver-<odcid>} thread, and Kwik then removes the connection from its table without closing it (no
 * CONNECTION_CLOSE; the error goes only to Kwik's logger): its sender retransmits for ever and nothing the peer sends
 * is read again. Found 2026-11-29 with a diagnostic copy of Kwik's {@code ServerConnectionThread} (docs/interop.md,
 * "The flake against Kwik").
 */
final class KwikAssertions {
    private KwikAssertions() {}

    /**
     * Turns Kwik's assertions off for every Kwik class not initialised yet; the harness's entry points call it in their
     * static initialisers, before any Kwik connection exists.
     */
    static void off() {
        QuicConnection.class.getClassLoader().setPackageAssertionStatus("tech.kwik", false);
    }
}
