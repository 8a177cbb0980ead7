package io.quicroam.interop.kwik;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.quicroam.gateway.egress.EchoHost;
import io.quicroam.masque.H3Error;
import io.quicroam.masque.HttpDatagram;
import io.quicroam.masque.ProtocolViolation;
import io.quicroam.masque.VarInt;
import io.quicroam.masque.capsule.AddressAssign;
import io.quicroam.masque.capsule.AddressRequest;
import io.quicroam.masque.capsule.AssignedAddress;
import io.quicroam.masque.capsule.Capsule;
import io.quicroam.masque.capsule.CapsuleCodec;
import io.quicroam.masque.capsule.CapsuleDecoder;
import io.quicroam.masque.capsule.DatagramCapsule;
import io.quicroam.masque.capsule.RequestedAddress;
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
    private final ProxyOptions options;
    private final AddressAssign addresses;
    private final EchoHost egress = new EchoHost();

    ProxyTunnel(
            QuicConnection quic,
            HttpStream stream,
            ProxyCounters counters,
            ProxyOptions options,
            AddressAssign addresses) {
        this.quic = quic;
        this.stream = stream;
        this.counters = counters;
        this.options = options;
        this.addresses = addresses;
        egress.start(this::downlink);
    }

    long streamId() {
        return stream.getStreamId();
    }

    /**
     * Sends the assignment (unless it waits to be asked) and the routes: capsules in DATA frames on the request stream
     * (RFC 9297 §3.2).
     */
    void assign(RouteAdvertisement routes) throws IOException {
        if (options.assignOnlyOnRequest()) {
            send(routes);
        } else {
            send(addresses, routes);
        }
    }

    /** Writes whole capsules on the request stream; the reader and the echo host's thread both write. */
    synchronized void send(Capsule... capsules) throws IOException {
        ByteBuf out = Unpooled.buffer();
        for (Capsule capsule : capsules) {
            CapsuleCodec.encode(capsule, out);
        }
        OutputStream stream = this.stream.getOutputStream();
        stream.write(ByteBufUtil.getBytes(out));
        StrandedSendWorkaround.sendTheRest(this.stream);
    }

    /**
     * Reads the client's capsules until its side of the stream ends: answers ADDRESS_REQUEST (or resets the stream, as
     * configured), takes DATAGRAM capsules as uplink packets, counts the rest.
     */
    void readCapsules() {
        CapsuleDecoder decoder = new CapsuleDecoder();
        List<Capsule> decoded = new ArrayList<>();
        byte[] buffer = new byte[4096];
        try (InputStream in = stream.getInputStream()) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                decoder.decode(Unpooled.wrappedBuffer(buffer, 0, n), decoded);
                counters.capsulesReceived.addAndGet(decoded.size());
                for (Capsule capsule : decoded) {
                    if (!onCapsule(capsule)) {
                        return;
                    }
                }
                decoded.clear();
            }
            decoder.endOfStream();
        } catch (IOException | ProtocolViolation e) {
            counters.streamErrors.incrementAndGet();
        }
    }

    /** False once the stream is reset. */
    private boolean onCapsule(Capsule capsule) throws IOException {
        if (capsule instanceof AddressRequest request) {
            counters.addressRequests.incrementAndGet();
            if (options.closeOnAddressRequest()) {
                stream.abortReading(H3Error.H3_REQUEST_CANCELLED.code());
                stream.resetStream(H3Error.H3_REQUEST_CANCELLED.code());
                return false;
            }
            send(answer(request));
        } else if (capsule instanceof AddressAssign assign) {
            counters.clientAssign.set(assign);
        } else if (capsule instanceof DatagramCapsule datagram) {
            ByteBuf payload = Unpooled.wrappedBuffer(datagram.payload());
            if (VarInt.read(payload) == HttpDatagram.IP_PACKET_CONTEXT_ID) {
                counters.capsulePacketsIn.incrementAndGet();
                uplink(payload);
            } else {
                counters.unknownDatagrams.incrementAndGet();
            }
        }
        return true;
    }

    /**
     * RFC 9484 §4.7.2: each Requested Address answered with its Request ID: the configured address of its family, or
     * the "not assigned" entry. (Before the answer nothing was assigned, so the answer is the full list, §4.7.1.)
     */
    private AddressAssign answer(AddressRequest request) {
        List<AssignedAddress> answers = new ArrayList<>();
        for (RequestedAddress asked : request.addresses()) {
            int version = asked.prefix().ipVersion();
            answers.add(addresses.addresses().stream()
                    .filter(a -> a.prefix().ipVersion() == version)
                    .findFirst()
                    .map(a -> new AssignedAddress(asked.requestId(), a.prefix()))
                    .orElse(AssignedAddress.rejection(asked.requestId(), version)));
        }
        return new AddressAssign(answers);
    }

    /** An IP packet from the client (context ID 0): to the echo host, which answers on this thread. */
    void uplink(ByteBuf packet) {
        counters.packetsIn.incrementAndGet();
        counters.largestPacketIn.accumulateAndGet(packet.readableBytes(), Math::max);
        egress.write(packet);
    }

    private void downlink(ByteBuf packet) {
        // Counted before it goes: Kwik sends while the write is still under way, so the answer can reach a test first.
        if (options.downlinkAsCapsules()) {
            counters.capsulePacketsOut.incrementAndGet();
            counters.packetsOut.incrementAndGet();
            try {
                ByteBuf payload = Unpooled.buffer();
                VarInt.write(payload, HttpDatagram.IP_PACKET_CONTEXT_ID);
                payload.writeBytes(packet);
                send(new DatagramCapsule(ByteBufUtil.getBytes(payload))); // RFC 9297 §3.5
            } catch (IOException e) {
                counters.capsulePacketsOut.decrementAndGet();
                counters.packetsOut.decrementAndGet();
                counters.streamErrors.incrementAndGet();
            } finally {
                packet.release();
            }
            return;
        }
        try {
            byte[] datagram = H3Datagrams.ipPacket(stream.getStreamId(), packet);
            if (datagram.length > quic.maxDatagramDataSize()) {
                counters.oversize.incrementAndGet(); // RFC 9221 §5: larger than the peer takes; never fragmented
                return;
            }
            counters.packetsOut.incrementAndGet();
            quic.sendDatagram(datagram);
        } finally {
            packet.release();
        }
    }

    @Override
    public void close() {
        egress.close();
    }
}
