package io.quicroam.agent;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http3.DefaultHttp3SettingsFrame;
import io.netty.handler.codec.http3.Http3SettingIdentifier;
import io.quicroam.transport.PeerSettings;
import org.junit.jupiter.api.Test;

/** Whether the proxy's SETTINGS let the agent send its extended CONNECT. */
class SettingsCheckTest {
    private static PeerSettings settings(long enableConnectProtocol, long h3Datagram) {
        PeerSettings peer = new PeerSettings(() -> {});
        DefaultHttp3SettingsFrame frame = new DefaultHttp3SettingsFrame();
        frame.put(Http3SettingIdentifier.HTTP3_SETTINGS_ENABLE_CONNECT_PROTOCOL.id(), enableConnectProtocol);
        frame.put(Http3SettingIdentifier.HTTP3_SETTINGS_H3_DATAGRAM.id(), h3Datagram);
        new EmbeddedChannel(peer).writeInbound(frame);
        return peer;
    }

    @Test
    void withoutExtendedConnectThePathFailsWithTheReason() {
        // RFC 9220 §3: no extended CONNECT before SETTINGS_ENABLE_CONNECT_PROTOCOL = 1
        assertThat(SettingsCheck.refusal(settings(0, 1))).contains("SETTINGS_ENABLE_CONNECT_PROTOCOL");
    }

    @Test
    void withoutH3DatagramTheRequestStillGoes() {
        // RFC 9297 §3.5: the packets then travel as DATAGRAM capsules
        assertThat(SettingsCheck.refusal(settings(1, 0))).isNull();
        assertThat(SettingsCheck.refusal(settings(1, 1))).isNull();
    }
}
