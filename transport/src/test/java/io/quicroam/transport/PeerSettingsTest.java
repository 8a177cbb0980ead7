package io.quicroam.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http3.DefaultHttp3SettingsFrame;
import io.netty.handler.codec.http3.Http3Settings;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PeerSettingsTest {
    private final AtomicInteger notified = new AtomicInteger();
    private final PeerSettings peer = new PeerSettings(notified::incrementAndGet);
    private final EmbeddedChannel controlStream = new EmbeddedChannel(peer);

    @Test
    void nothingIsEnabledBeforeThePeersSettingsArrive() {
        assertThat(peer.received()).isFalse();
        assertThat(peer.datagramsEnabled()).isFalse();
        assertThat(peer.connectProtocolEnabled()).isFalse();
    }

    @Test
    void aGatewaysSettingsEnableDatagramsAndExtendedConnect() {
        controlStream.writeInbound(TunnelSettings.server());
        assertThat(peer.received()).isTrue();
        assertThat(peer.datagramsEnabled()).isTrue(); // RFC 9297 §2.1.1
        assertThat(peer.connectProtocolEnabled()).isTrue(); // RFC 9220 §3
        assertThat(notified).hasValue(1);
    }

    @Test
    void anAgentsSettingsEnableDatagramsOnly() {
        controlStream.writeInbound(TunnelSettings.client());
        assertThat(peer.datagramsEnabled()).isTrue();
        assertThat(peer.connectProtocolEnabled()).isFalse();
    }

    @Test
    void settingsWithoutH3DatagramOrWithItZeroKeepDatagramsOff() {
        controlStream.writeInbound(new DefaultHttp3SettingsFrame(Http3Settings.defaultSettings()));
        assertThat(peer.received()).isTrue();
        assertThat(peer.datagramsEnabled()).isFalse();
        controlStream.writeInbound(
                new DefaultHttp3SettingsFrame(Http3Settings.defaultSettings().enableH3Datagram(false)));
        assertThat(peer.datagramsEnabled()).isFalse();
        assertThat(notified).hasValue(2);
    }

    @Test
    void otherControlStreamMessagesAreConsumedAndReleased() {
        ByteBuf other = Unpooled.buffer().writeByte(1);
        controlStream.writeInbound(other);
        assertThat(other.refCnt()).isZero();
        assertThat((Object) controlStream.readInbound()).isNull();
        assertThat(peer.received()).isFalse();
        assertThat(notified).hasValue(0);
    }
}
