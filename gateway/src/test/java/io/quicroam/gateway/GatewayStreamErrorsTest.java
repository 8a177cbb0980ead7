package io.quicroam.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http3.DefaultHttp3Headers;
import io.quicroam.masque.H3Error;
import io.quicroam.masque.VarInt;
import io.quicroam.masque.capsule.AddressAssign;
import io.quicroam.masque.capsule.AddressRequest;
import io.quicroam.masque.capsule.CapsuleCodec;
import io.quicroam.masque.capsule.IpPrefix;
import io.quicroam.masque.capsule.PathStatus;
import io.quicroam.masque.capsule.RequestedAddress;
import io.quicroam.transport.DropReason;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Protocol errors on one request stream cost that stream, not the connection (RFC 9114 §4.1.2, §8; RFC 9297 §2.1,
 * §3.2): real QUIC and HTTP/3 between a netty client and the gateway on loopback.
 */
class GatewayStreamErrorsTest {
    private static final AddressRequest ANY_V4 =
            new AddressRequest(List.of(new RequestedAddress(1, IpPrefix.parse("0.0.0.0/32"))));

    private GatewayOnLoopback gateway;
    private H3TestClient client;

    @BeforeEach
    void start() throws Exception {
        gateway = GatewayOnLoopback.start(List.of(IpPrefix.parse("0.0.0.0/0"), IpPrefix.parse("::/0")), true);
        client = new H3TestClient(gateway);
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        gateway.close();
    }

    @Test
    void anOversizedCapsuleResetsOnlyItsStreamWhileAnotherStreamKeepsWorking() throws Exception {
        TestRequestStream doomed = client.connectIp("/ip/*/*/");
        TestRequestStream healthy = client.connectIp("/ip/*/*/");
        assertThat(doomed.status()).isEqualTo("200");
        assertThat(healthy.status()).isEqualTo("200");

        ByteBuf oversized = Unpooled.buffer();
        VarInt.write(oversized, AddressRequest.TYPE);
        VarInt.write(oversized, CapsuleCodec.DEFAULT_MAX_CAPSULE_LENGTH + 1L); // only the header: refused up front
        doomed.sendRaw(oversized);

        assertThat(doomed.resetCode()).isEqualTo(H3Error.H3_EXCESSIVE_LOAD.code());
        healthy.send(ANY_V4);
        AddressAssign answer = healthy.next(AddressAssign.class); // the initial one
        assertThat(answer).isNotNull();
        assertThat(healthy.next(AddressAssign.class))
                .as("the other stream on the same connection still answers")
                .isNotNull();
        assertThat(client.connection.isActive()).isTrue();
        assertThat(client.closed).isNotDone();
    }

    @Test
    void aMalformedRequestIsResetWithMessageError() throws Exception {
        // RFC 9484 §4.4: :scheme must be https; a request breaking it is malformed (RFC 9114 §4.1.2).
        TestRequestStream malformed = client.request(new DefaultHttp3Headers()
                .method("CONNECT")
                .protocol("connect-ip")
                .scheme("http")
                .authority(gateway.authority)
                .path("/ip/*/*/"));
        assertThat(malformed.resetCode()).isEqualTo(H3Error.H3_MESSAGE_ERROR.code());
        assertThat(client.connection.isActive()).isTrue();
        assertThat(gateway.metrics().rejected.count()).isEqualTo(1);
    }

    @Test
    void aDatagramForARequestWithoutDatagramSemanticsAbortsThatStream() throws Exception {
        // RFC 9297 §2.1: GET defines no HTTP Datagrams; one arriving for it aborts the stream with H3_DATAGRAM_ERROR.
        TestRequestStream get = client.request(new DefaultHttp3Headers()
                .method("GET")
                .scheme("https")
                .authority(gateway.authority)
                .path("/"));
        assertThat(get.status()).isEqualTo("405");
        assertThat(get.write(new byte[] {1}).await(H3TestClient.WAIT_SECONDS, TimeUnit.SECONDS))
                .as("before: the gateway still reads the request body")
                .isTrue();
        client.datagram(get.quarterStreamId(), 0, Unpooled.wrappedBuffer(new byte[] {0x45}));
        awaitDrops(DropReason.NO_DATAGRAM_SEMANTICS, 1);
        // The 405 went out whole, so aborting leaves STOP_SENDING (RFC 9000 §3.5): netty's client holds later writes
        // back for good, and the gateway counts why. A write made before STOP_SENDING arrived still completes.
        boolean stopped = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(H3TestClient.WAIT_SECONDS);
        while (!stopped && System.nanoTime() < deadline) {
            ChannelFuture after = get.write(new byte[] {2});
            stopped = !(after.await(1, TimeUnit.SECONDS) && after.isSuccess());
        }
        assertThat(stopped).as("after: the gateway stopped reading the stream").isTrue();
        assertThat(client.connection.isActive()).isTrue();
    }

    @Test
    void aDatagramWithAnUnknownContextIsDroppedAndCounted() throws Exception {
        // RFC 9484 §5: context 6 was never registered on this stream; the datagram is dropped, the tunnel carries on.
        TestRequestStream tunnel = client.connectIp("/ip/*/*/");
        assertThat(tunnel.status()).isEqualTo("200");
        client.datagram(tunnel.quarterStreamId(), 6, Unpooled.wrappedBuffer(new byte[] {0x45}));
        awaitDrops(DropReason.UNKNOWN_CONTEXT, 1);
        tunnel.send(ANY_V4);
        assertThat(tunnel.next(AddressAssign.class)).isNotNull();
        assertThat(tunnel.next(AddressAssign.class))
                .as("the stream still answers")
                .isNotNull();
        assertThat(tunnel.reset).isNotDone();
    }

    @Test
    void pathStatusOnAStreamThatDidNotNegotiateTheExtensionIsSkipped() throws Exception {
        // RFC 9297 §3.2: without quicroam-session, PATH_STATUS is a capsule of unknown type on this stream; even one
        // this gateway could not parse is skipped, not answered with a reset.
        TestRequestStream plain = client.connectIp("/ip/*/*/");
        assertThat(plain.status()).isEqualTo("200");
        assertThat(plain.response.get().contains("quicroam-session-token")).isFalse();
        ByteBuf notOurs = Unpooled.buffer();
        VarInt.write(notOurs, PathStatus.TYPE);
        VarInt.write(notOurs, 3);
        notOurs.writeBytes(new byte[] {1, 1, 9}); // status 9: malformed as quicroam's PATH_STATUS
        plain.sendRaw(notOurs);
        plain.send(ANY_V4);
        assertThat(plain.next(AddressAssign.class)).isNotNull(); // the initial one
        assertThat(plain.next(AddressAssign.class))
                .as("the ADDRESS_REQUEST after it was answered")
                .isNotNull();
        assertThat(plain.reset).isNotDone();
        assertThat(gateway.metrics().skippedCapsules.count()).isEqualTo(1);
    }

    private void awaitDrops(DropReason reason, double count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(H3TestClient.WAIT_SECONDS);
        while (gateway.metrics().drops(reason) < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(gateway.metrics().drops(reason)).isEqualTo(count);
    }
}
