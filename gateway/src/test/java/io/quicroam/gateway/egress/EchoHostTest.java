package io.quicroam.gateway.egress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.quicroam.masque.ip.IpAddresses;
import io.quicroam.masque.ip.IpPacketBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EchoHostTest {
    private static ByteBuf request() {
        return IpPacketBuilder.udp(
                IpAddresses.parse("100.64.0.2"), IpAddresses.parse("198.51.100.7"), 40000, 7, new byte[] {1, 2, 3});
    }

    @Test
    void aSecondGatewayCannotTakeTheAnswersOverAndCloseThemForTheFirst() {
        EchoHost echo = new EchoHost();
        List<ByteBuf> first = new ArrayList<>();
        echo.start(first::add);

        // PacketIo#start: called once. It used to hand every answer to the second gateway from then on, and that
        // gateway's close left the first with none, every request silently unanswered.
        assertThatThrownBy(() -> echo.start(packet -> {}))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("one gateway per EchoHost");

        echo.write(request());
        assertThat(first)
                .as("answers still go to the gateway that started the echo host")
                .hasSize(1);
        first.forEach(ByteBuf::release);
    }

    @Test
    void aClosedEchoHostIsNotStartedAgain() {
        EchoHost echo = new EchoHost();
        echo.close();
        assertThatThrownBy(() -> echo.start(packet -> {})).isInstanceOf(IllegalStateException.class);
    }
}
