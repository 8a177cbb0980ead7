package io.quicroam.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http3.DefaultHttp3DataFrame;
import io.netty.handler.codec.http3.Http3DataFrame;
import io.netty.handler.codec.http3.Http3Headers;
import io.netty.handler.codec.http3.Http3HeadersFrame;
import io.netty.handler.codec.http3.Http3RequestStreamInboundHandler;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.handler.codec.quic.QuicStreamResetException;
import io.quicroam.masque.HttpDatagram;
import io.quicroam.masque.ProtocolViolation;
import io.quicroam.masque.VarInt;
import io.quicroam.masque.capsule.Capsule;
import io.quicroam.masque.capsule.CapsuleCodec;
import io.quicroam.masque.capsule.CapsuleDecoder;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** One request stream of {@link H3TestClient}: what the gateway answered on it, capsule by capsule, and its reset. */
final class TestRequestStream extends Http3RequestStreamInboundHandler implements TestTunnel {
    private final H3TestClient client;
    QuicStreamChannel stream;
    final CompletableFuture<Http3Headers> response = new CompletableFuture<>();
    /** The application error code of the gateway's RESET_STREAM. */
    final CompletableFuture<Long> reset = new CompletableFuture<>();

    private final BlockingQueue<Capsule> capsules = new LinkedBlockingQueue<>();
    private final CapsuleDecoder decoder = new CapsuleDecoder();
    private final List<Capsule> decoded = new ArrayList<>();

    TestRequestStream(H3TestClient client) {
        this.client = client;
    }

    @Override
    protected void channelRead(ChannelHandlerContext ctx, Http3HeadersFrame frame) {
        response.complete(frame.headers());
    }

    @Override
    protected void channelRead(ChannelHandlerContext ctx, Http3DataFrame frame) {
        try {
            decoder.decode(frame.content(), decoded);
            capsules.addAll(decoded);
            decoded.clear();
        } catch (ProtocolViolation e) {
            throw new AssertionError("the gateway sent a malformed capsule", e);
        } finally {
            frame.release();
        }
    }

    @Override
    protected void channelInputClosed(ChannelHandlerContext ctx) {}

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof QuicStreamResetException resetByPeer) {
            reset.complete(resetByPeer.applicationProtocolCode());
        }
    }

    long quarterStreamId() {
        return HttpDatagram.quarterStreamId(stream.streamId());
    }

    @Override
    public String status() throws Exception {
        return response.get(H3TestClient.WAIT_SECONDS, TimeUnit.SECONDS)
                .status()
                .toString();
    }

    /** The next capsule of {@code type} within the wait (others before it are passed over), or null. */
    @Override
    public <T extends Capsule> T next(Class<T> type) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(H3TestClient.WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            Capsule capsule = capsules.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (type.isInstance(capsule)) {
                return type.cast(capsule);
            }
        }
        return null;
    }

    @Override
    public String header(String name) throws Exception {
        CharSequence value =
                response.get(H3TestClient.WAIT_SECONDS, TimeUnit.SECONDS).get(name);
        return value == null ? null : value.toString();
    }

    @Override
    public void datagram(long contextId, ByteBuf payload) {
        client.datagram(quarterStreamId(), contextId, payload);
    }

    /** The client's next QUIC datagram, after its Quarter Stream ID (one request per client in these tests). */
    @Override
    public ByteBuf nextDatagram() throws InterruptedException {
        ByteBuf datagram = client.nextDatagram();
        if (datagram != null) {
            VarInt.read(datagram);
        }
        return datagram;
    }

    /** The code the gateway reset this stream with, waiting at most the usual wait. */
    long resetCode() throws Exception {
        return reset.get(H3TestClient.WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void send(Capsule capsule) {
        ByteBuf out = Unpooled.buffer();
        CapsuleCodec.encode(capsule, out);
        sendRaw(out);
    }

    @Override
    public void sendRaw(ByteBuf bytes) {
        stream.writeAndFlush(new DefaultHttp3DataFrame(bytes));
    }

    /** Request body bytes (a DATA frame); the future says whether QUIC took them. */
    ChannelFuture write(byte[] body) {
        return stream.writeAndFlush(new DefaultHttp3DataFrame(Unpooled.wrappedBuffer(body)));
    }
}
