package io.quicroam.transport;

import io.netty.handler.codec.http3.DefaultHttp3SettingsFrame;
import io.netty.handler.codec.http3.Http3Settings;
import io.netty.handler.codec.http3.Http3SettingsFrame;

/** The HTTP/3 SETTINGS a CONNECT-IP endpoint sends. */
public final class TunnelSettings {
    private TunnelSettings() {}

    /**
     * Gateway: SETTINGS_ENABLE_CONNECT_PROTOCOL = 1 so clients may send extended CONNECT (RFC 9220 §3),
     * SETTINGS_H3_DATAGRAM = 1 so HTTP Datagrams may flow (RFC 9297 §2.1.1).
     */
    public static Http3SettingsFrame server() {
        Http3Settings settings =
                Http3Settings.defaultSettings().enableConnectProtocol(true).enableH3Datagram(true);
        return new DefaultHttp3SettingsFrame(settings);
    }

    /** Agent: SETTINGS_H3_DATAGRAM = 1 (RFC 9297 §2.1.1); without it a proxy drops our datagrams silently. */
    public static Http3SettingsFrame client() {
        return new DefaultHttp3SettingsFrame(Http3Settings.defaultSettings().enableH3Datagram(true));
    }
}
