package io.quicroam.agent;

import io.quicroam.transport.PeerSettings;

/** What the proxy's HTTP/3 SETTINGS must say before the agent sends its extended CONNECT. */
final class SettingsCheck {
    private SettingsCheck() {}

    /**
     * Why a proxy with these SETTINGS cannot take a CONNECT-IP request, or null if it can. RFC 9220 §3 (RFC 8441 §3):
     * without SETTINGS_ENABLE_CONNECT_PROTOCOL = 1 the client must not send an extended CONNECT. A proxy without
     * SETTINGS_H3_DATAGRAM = 1 is no refusal: the tunnel's packets then travel as DATAGRAM capsules (RFC 9297 §3.5).
     */
    static String refusal(PeerSettings settings) {
        if (!settings.connectProtocolEnabled()) {
            return "the proxy's HTTP/3 SETTINGS do not enable extended CONNECT (SETTINGS_ENABLE_CONNECT_PROTOCOL = 1, "
                    + "RFC 9220 §3): it cannot carry CONNECT-IP; check server.url";
        }
        return null;
    }
}
