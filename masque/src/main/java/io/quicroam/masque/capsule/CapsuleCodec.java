package io.quicroam.masque.capsule;

import io.netty.buffer.ByteBuf;
import io.quicroam.masque.H3Error;
import io.quicroam.masque.ProtocolViolation;
import io.quicroam.masque.VarInt;
import io.quicroam.masque.ip.IpAddresses;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Wire format of the CONNECT-IP capsules (RFC 9484 §4.7) inside the Capsule Protocol's
 * {@code Type (i), Length (i), Value (..)} framing (RFC 9297 §3.2). Stream decoding is
 * {@link CapsuleDecoder}'s job; this class encodes whole capsules and parses one capsule value.
 *
 * <p>Any capsule error is a malformed HTTP message (RFC 9297 §3.3), which HTTP/3 handles as a stream
 * error {@link H3Error#H3_MESSAGE_ERROR} (RFC 9114 §4.1.2). RFC 9297 §5.2 describes H3_DATAGRAM_ERROR as
 * a "capsule protocol parse error", but §3.3's normative text routes capsule errors through malformed
 * message handling, so that is the code used here.
 */
public final class CapsuleCodec {

    /** Default bound on a known capsule's value; longer ones are refused before buffering. */
    public static final int DEFAULT_MAX_CAPSULE_LENGTH = 65_536;

    private CapsuleCodec() {}

    /** Appends the whole capsule. UnknownCapsule is not encodable: its value was never kept. */
    public static void encode(Capsule capsule, ByteBuf out) {
        if (capsule instanceof UnknownCapsule) {
            throw new IllegalArgumentException("an UnknownCapsule carries no value and cannot be encoded");
        }
        VarInt.write(out, capsule.type());
        VarInt.write(out, valueLength(capsule));
        if (capsule instanceof AddressAssign c) {
            c.addresses().forEach(a -> writeAddressEntry(out, a.requestId(), a.prefix()));
        } else if (capsule instanceof AddressRequest c) {
            c.addresses().forEach(a -> writeAddressEntry(out, a.requestId(), a.prefix()));
        } else if (capsule instanceof RouteAdvertisement c) {
            for (IpAddressRange r : c.ranges()) {
                out.writeByte(r.ipVersion())
                        .writeBytes(r.start().getAddress())
                        .writeBytes(r.end().getAddress())
                        .writeByte(r.ipProtocol());
            }
        } else if (capsule instanceof DatagramCapsule c) {
            out.writeBytes(c.payload());
        } else if (capsule instanceof PathStatus c) {
            VarInt.write(out, c.pathId());
            VarInt.write(out, c.sequence());
            VarInt.write(out, c.status().code());
        }
    }

    /** Whether this codec parses capsules of {@code type}; other types are skipped unread. */
    static boolean isKnown(long type) {
        return type == AddressAssign.TYPE
                || type == AddressRequest.TYPE
                || type == RouteAdvertisement.TYPE
                || type == PathStatus.TYPE
                || type == DatagramCapsule.TYPE;
    }

    /** Parses the whole value of a known capsule; every byte of {@code value} must belong to an entry. */
    static Capsule decodeValue(long type, ByteBuf value) throws ProtocolViolation {
        if (type == AddressAssign.TYPE) {
            List<AssignedAddress> entries = new ArrayList<>();
            while (value.isReadable()) {
                long requestId = readRequestId(value, "ADDRESS_ASSIGN");
                IpPrefix prefix = readPrefix(value, "ADDRESS_ASSIGN");
                entries.add(validated("ADDRESS_ASSIGN", () -> new AssignedAddress(requestId, prefix)));
            }
            return validated("ADDRESS_ASSIGN", () -> new AddressAssign(entries));
        }
        if (type == AddressRequest.TYPE) {
            List<RequestedAddress> entries = new ArrayList<>();
            while (value.isReadable()) {
                long requestId = readRequestId(value, "ADDRESS_REQUEST");
                IpPrefix prefix = readPrefix(value, "ADDRESS_REQUEST");
                entries.add(validated("ADDRESS_REQUEST", () -> new RequestedAddress(requestId, prefix)));
            }
            return validated("ADDRESS_REQUEST", () -> new AddressRequest(entries));
        }
        if (type == RouteAdvertisement.TYPE) {
            List<IpAddressRange> ranges = new ArrayList<>();
            while (value.isReadable()) {
                int addressLength = readIpVersion(value, "ROUTE_ADVERTISEMENT") == 4 ? 4 : 16;
                requireReadable(value, 2 * addressLength + 1, "ROUTE_ADVERTISEMENT");
                InetAddress start = readAddress(value, addressLength);
                InetAddress end = readAddress(value, addressLength);
                int protocol = value.readUnsignedByte();
                ranges.add(validated("ROUTE_ADVERTISEMENT", () -> new IpAddressRange(start, end, protocol)));
            }
            return validated("ROUTE_ADVERTISEMENT", () -> new RouteAdvertisement(ranges));
        }
        if (type == DatagramCapsule.TYPE) {
            // RFC 9297 §3.5: the whole value is the HTTP Datagram Payload; its parsing is the receiver's.
            byte[] payload = new byte[value.readableBytes()];
            value.readBytes(payload);
            return new DatagramCapsule(payload);
        }
        if (type == PathStatus.TYPE) {
            long pathId = readVarInt(value, "PATH_STATUS");
            long sequence = readVarInt(value, "PATH_STATUS");
            long code = readVarInt(value, "PATH_STATUS");
            if (value.isReadable()) {
                throw truncated("PATH_STATUS");
            }
            PathStatus.Status status = PathStatus.Status.of(code);
            return validated("PATH_STATUS", () -> new PathStatus(pathId, sequence, status));
        }
        throw new IllegalArgumentException("not a known capsule type: " + type);
    }

    private static int valueLength(Capsule capsule) {
        int length = 0;
        if (capsule instanceof AddressAssign c) {
            for (AssignedAddress a : c.addresses()) {
                length += addressEntryLength(a.requestId(), a.prefix());
            }
        } else if (capsule instanceof AddressRequest c) {
            for (RequestedAddress a : c.addresses()) {
                length += addressEntryLength(a.requestId(), a.prefix());
            }
        } else if (capsule instanceof RouteAdvertisement c) {
            for (IpAddressRange r : c.ranges()) {
                length += 2 + 2 * addressBytes(r.ipVersion());
            }
        } else if (capsule instanceof DatagramCapsule c) {
            length = c.payload().length;
        } else if (capsule instanceof PathStatus c) {
            length = VarInt.length(c.pathId())
                    + VarInt.length(c.sequence())
                    + VarInt.length(c.status().code());
        }
        return length;
    }

    /** Assigned Address and Requested Address share one layout (RFC 9484 Figures 8 and 10). */
    private static int addressEntryLength(long requestId, IpPrefix prefix) {
        return VarInt.length(requestId) + 1 + addressBytes(prefix.ipVersion()) + 1;
    }

    private static void writeAddressEntry(ByteBuf out, long requestId, IpPrefix prefix) {
        VarInt.write(out, requestId);
        out.writeByte(prefix.ipVersion())
                .writeBytes(prefix.address().getAddress())
                .writeByte(prefix.prefixLength());
    }

    private static long readRequestId(ByteBuf value, String capsule) throws ProtocolViolation {
        long requestId = VarInt.read(value);
        if (requestId < 0) {
            throw truncated(capsule);
        }
        return requestId;
    }

    private static IpPrefix readPrefix(ByteBuf value, String capsule) throws ProtocolViolation {
        int addressLength = addressBytes(readIpVersion(value, capsule));
        requireReadable(value, addressLength + 1, capsule);
        InetAddress address = readAddress(value, addressLength);
        int prefixLength = value.readUnsignedByte();
        return validated(capsule, () -> new IpPrefix(address, prefixLength));
    }

    /** RFC 9484 §4.7.1-§4.7.3: IP Version MUST be either 4 or 6. */
    private static int readIpVersion(ByteBuf value, String capsule) throws ProtocolViolation {
        requireReadable(value, 1, capsule);
        int version = value.readUnsignedByte();
        if (version != 4 && version != 6) {
            throw new ProtocolViolation(
                    H3Error.H3_MESSAGE_ERROR,
                    capsule + ": IP Version " + version + " is neither 4 nor 6 (RFC 9484 §4.7)");
        }
        return version;
    }

    private static InetAddress readAddress(ByteBuf value, int length) {
        byte[] bytes = new byte[length];
        value.readBytes(bytes);
        return IpAddresses.fromBytes(bytes);
    }

    private static long readVarInt(ByteBuf value, String capsule) throws ProtocolViolation {
        long read = VarInt.read(value);
        if (read < 0) {
            throw truncated(capsule);
        }
        return read;
    }

    private static int addressBytes(int ipVersion) {
        return IpAddresses.bits(ipVersion) / 8;
    }

    /** RFC 9297 §3.3: a value that ends inside an entry is malformed. */
    private static void requireReadable(ByteBuf value, int bytes, String capsule) throws ProtocolViolation {
        if (value.readableBytes() < bytes) {
            throw truncated(capsule);
        }
    }

    private static ProtocolViolation truncated(String capsule) {
        return new ProtocolViolation(
                H3Error.H3_MESSAGE_ERROR,
                capsule + ": capsule value ends inside an entry (truncated entry or trailing bytes, RFC 9297 §3.3)");
    }

    /** Builds a value whose constructor enforces an RFC rule, turning a broken rule into a violation. */
    private static <T> T validated(String capsule, Supplier<T> constructor) throws ProtocolViolation {
        try {
            return constructor.get();
        } catch (IllegalArgumentException e) {
            throw new ProtocolViolation(H3Error.H3_MESSAGE_ERROR, capsule + ": " + e.getMessage());
        }
    }
}
