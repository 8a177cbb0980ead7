package io.quicroam.interop.kwik;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.quicroam.gateway.egress.EchoHost;
import io.quicroam.masque.ProtocolViolation;
import io.quicroam.masque.capsule.AddressAssign;
import io.quicroam.masque.capsule.Capsule;
import io.quicroam.masque.capsule.CapsuleCodec;
import io.quicroam.masque.capsule.CapsuleDecoder;
import io.quicroam.masque.capsule.RouteAdvertisement;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import tech.kwik.core.QuicConnection;
import tech.kwik.flupke.HttpStream;

/**
 * One CONNECT-IP request the Kwik proxy accepted: it assigns the addresses and advertises the routes (RFC 9484 §4.7),
 * reads the client's capsules until the stream ends, and sends every IP packet it receives to its own
 * {@link EchoHost}, whose answers go back as HTTP Datagrams on the same request stream.
 */
final class ProxyTunnel implements AutoCloseable {
    private final QuicConnection quic;
    private final HttpStream stream;
    private final ProxyCounters counters;
    private final EchoHost egress = new EchoHost();

    ProxyTunnel(QuicConnection quic, HttpStream stream, ProxyCounters counters) {
        this.quic = quic;
        this.stream = stream;
        this.counters = counters;
        egress.start(this::downlink);
    }

    long streamId() {
        return stream.getStreamId();
    }

    /** Sends the assignment and the routes: capsules in DATA frames on the request stream (RFC 9297 §3.2). */
    void assign(AddressAssign addresses, RouteAdvertisement routes) throws IOException {
        ByteBuf capsules = Unpooled.buffer();
        CapsuleCodec.encode(addresses, capsules);
        CapsuleCodec.encode(routes, capsules);
        OutputStream out = stream.getOutputStream();
        out.write(ByteBufUtil.getBytes(capsules));
        out.flush();
    }

    /** Reads the client's capsules until its side of the stream ends; they are decoded and counted, not acted on. */
    void readCapsules() {
        CapsuleDecoder decoder = new CapsuleDecoder();
        List<Capsule> decoded = new ArrayList<>();
        byte[] buffer = new byte[4096];
        try (InputStream in = stream.getInputStream()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                decoder.decode(Unpooled.wrappedBuffer(buffer, 0, n), decoded);
                counters.capsulesReceived.addAndGet(decoded.size());
                decoded.clear();
            }
            decoder.endOfStream();
        } catch (IOException | ProtocolViolation e) {
            counters.streamErrors.incrementAndGet();
        }
    }

    /** An IP packet from the client (context ID 0): to the echo host, which answers on this thread. */
    void uplink(ByteBuf packet) {
        counters.packetsIn.incrementAndGet();
        counters.largestPacketIn.accumulateAndGet(packet.readableBytes(), Math::max);
        egress.write(packet);
    }

    private void downlink(ByteBuf packet) {
        try {
            byte[] datagram = H3Datagrams.ipPacket(stream.getStreamId(), packet);
            if (datagram.length > quic.maxDatagramDataSize()) {
                counters.oversize.incrementAndGet(); // RFC 9221 §5: larger than the peer takes; never fragmented
                return;
            }
            quic.sendDatagram(datagram);
            counters.packetsOut.incrementAndGet();
        } finally {
            packet.release();
        }
    }

    @Override
    public void close() {
        egress.close();
    }
}
