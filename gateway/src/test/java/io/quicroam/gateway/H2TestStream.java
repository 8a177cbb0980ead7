package io.quicroam.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.util.ReferenceCountUtil;
import io.quicroam.masque.ProtocolViolation;
import io.quicroam.masque.capsule.Capsule;
import io.quicroam.masque.capsule.CapsuleCodec;
import io.quicroam.masque.capsule.CapsuleDecoder;
import io.quicroam.masque.capsule.DatagramCapsule;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One request stream of {@link H2TestClient}: what the gateway answered on it, capsule by capsule (DATAGRAM capsules
 * decoded too, RFC 9297 §3.5), and its reset.
 */
final class H2TestStream extends ChannelInboundHandlerAdapter implements TestTunnel {
    Http2StreamChannel stream;
    final CompletableFuture<Http2Headers> response = new CompletableFuture<>();
    /** The error code of the gateway's RST_STREAM. */
    final CompletableFuture<Long> reset = new CompletableFuture<>();

    private final BlockingQueue<Capsule> capsules = new LinkedBlockingQueue<>();
    private final CapsuleDecoder decoder = new CapsuleDecoder();
    private final List<Capsule> decoded = new ArrayList<>();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        try {
            if (msg instanceof Http2HeadersFrame headers) {
                response.complete(headers.headers());
            } else if (msg instanceof Http2DataFrame data) {
                decoder.decode(data.content(), decoded);
                capsules.addAll(decoded);
                decoded.clear();
            } else if (msg instanceof Http2ResetFrame resetFrame) {
                reset.complete(resetFrame.errorCode());
            }
        } catch (ProtocolViolation e) {
            throw new AssertionError("the gateway sent a malformed capsule", e);
        } finally {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public String status() throws Exception {
        return response.get(H3TestClient.WAIT_SECONDS, TimeUnit.SECONDS)
                .status()
                .toString();
    }

    @Override
    public String header(String name) throws Exception {
        CharSequence value =
                response.get(H3TestClient.WAIT_SECONDS, TimeUnit.SECONDS).get(name);
        return value == null ? null : value.toString();
    }

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
    public void send(Capsule capsule) {
        ByteBuf out = Unpooled.buffer();
        CapsuleCodec.encode(capsule, out);
        sendRaw(out);
    }

    @Override
    public void sendRaw(ByteBuf bytes) {
        stream.writeAndFlush(new DefaultHttp2DataFrame(bytes));
    }

    @Override
    public void datagram(long contextId, ByteBuf payload) {
        ByteBuf out = Unpooled.buffer();
        DatagramCapsule.writeHeader(out, contextId, payload.readableBytes());
        out.writeBytes(payload);
        payload.release();
        sendRaw(out);
    }

    @Override
    public ByteBuf nextDatagram() throws InterruptedException {
        DatagramCapsule datagram = next(DatagramCapsule.class);
        return datagram == null ? null : Unpooled.wrappedBuffer(datagram.payload());
    }

    /** The code the gateway reset this stream with, waiting at most the usual wait. */
    long resetCode() throws Exception {
        return reset.get(H3TestClient.WAIT_SECONDS, TimeUnit.SECONDS);
    }
}
