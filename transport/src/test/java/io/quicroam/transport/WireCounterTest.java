package io.quicroam.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** What a socket received, counted before QUIC sees it, and passed on unchanged. */
class WireCounterTest {

    @Test
    void countsEveryDatagramAndItsPayloadAndPassesItOn() {
        WireCounter counter = new WireCounter();
        EmbeddedChannel socket = new EmbeddedChannel(counter);
        InetSocketAddress peer = new InetSocketAddress("127.0.0.2", 4433);
        InetSocketAddress local = new InetSocketAddress("127.0.0.1", 40000);

        for (int size : new int[] {1200, 1, 0}) {
            socket.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(new byte[size]), local, peer));
        }
        socket.writeInbound("not a datagram"); // other messages pass uncounted

        assertThat(counter.packets()).isEqualTo(3);
        assertThat(counter.bytes()).isEqualTo(1201);
        for (int size : new int[] {1200, 1, 0}) {
            DatagramPacket passed = socket.readInbound();
            assertThat(passed.content().readableBytes()).as("passed on unread").isEqualTo(size);
            passed.release();
        }
        assertThat((Object) socket.readInbound()).isEqualTo("not a datagram");
        assertThat(socket.finish()).isFalse();
    }

    @Test
    void oneCounterServesEverySocketItIsAddedTo() {
        WireCounter counter = new WireCounter(); // @Sharable: the wire of all of an endpoint's sockets
        EmbeddedChannel wifi = new EmbeddedChannel(counter);
        EmbeddedChannel lte = new EmbeddedChannel(counter);
        InetSocketAddress any = new InetSocketAddress("127.0.0.1", 1);
        wifi.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(new byte[10]), any, any));
        lte.writeInbound(new DatagramPacket(Unpooled.wrappedBuffer(new byte[20]), any, any));
        assertThat(counter.packets()).isEqualTo(2);
        assertThat(counter.bytes()).isEqualTo(30);
        wifi.finishAndReleaseAll();
        lte.finishAndReleaseAll();
    }
}
