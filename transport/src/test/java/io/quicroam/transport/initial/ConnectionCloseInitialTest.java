package io.quicroam.transport.initial;

import static io.quicroam.transport.initial.InitialKeysTest.DCID;
import static io.quicroam.transport.initial.InitialKeysTest.hex;
import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.quicroam.masque.VarInt;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * The stateless CONNECTION_CLOSE answer, opened here as the client would open it (RFC 9001 §5.3, §5.4) with the
 * server Initial keys of the client's Destination Connection ID.
 */
class ConnectionCloseInitialTest {
    private static final byte[] CLIENT_SCID = hex("0011223344");
    private static final byte[] SERVER_ID = hex("a1a2a3a4a5a6a7a8");

    @Test
    void aClientInitialsConnectionIdsAreReadAndOtherPacketsAreNot() {
        // RFC 9001 A.2's client Initial, its header protected (the IDs are not): DCID 8394c8f03e515708, no SCID.
        ByteBuf a2 = datagram(hex("c000000001088394c8f03e5157080000449e7b9aec34"), 1200);
        ClientInitial initial = ClientInitial.parse(a2);
        assertThat(initial.destinationId()).isEqualTo(DCID);
        assertThat(initial.sourceId()).isEmpty();
        assertThat(initial.datagramLength()).isEqualTo(1200);
        assertThat(a2.readerIndex()).as("not consumed").isZero();

        assertThat(ClientInitial.parse(datagram(hex("4001020304"), 1200)))
                .as("short header")
                .isNull();
        assertThat(ClientInitial.parse(datagram(hex("e000000001088394c8f03e51570800"), 1200)))
                .as("a Handshake packet")
                .isNull();
        assertThat(ClientInitial.parse(datagram(hex("c0ff00001d088394c8f03e51570800"), 1200)))
                .as("another version")
                .isNull();
        assertThat(ClientInitial.parse(datagram(hex("c00000000115"), 1200)))
                .as("a connection ID longer than 20 bytes")
                .isNull();
        assertThat(ClientInitial.parse(Unpooled.wrappedBuffer(hex("c000000001088394c8f0"))))
                .as("cut short")
                .isNull();
    }

    @Test
    void theAnswerIsAnInitialToTheClientsSourceIdCarryingConnectionRefused() throws Exception {
        ClientInitial client = new ClientInitial(DCID, CLIENT_SCID, 1200);

        byte[] packet = ConnectionCloseInitial.build(client, SERVER_ID, 0x02, "busy");

        ByteBuf in = Unpooled.wrappedBuffer(packet);
        assertThat(in.readUnsignedByte() & 0xf0).as("long header, Initial").isEqualTo(0xc0);
        assertThat(in.readInt()).isEqualTo(1);
        assertThat(bytes(in, in.readUnsignedByte()))
                .as("DCID: the client's SCID")
                .isEqualTo(CLIENT_SCID);
        assertThat(bytes(in, in.readUnsignedByte())).as("SCID").isEqualTo(SERVER_ID);
        assertThat(VarInt.read(in)).as("token length").isZero();
        long length = VarInt.read(in);
        assertThat(in.readableBytes()).as("the length field").isEqualTo((int) length);

        byte[] payload = open(InitialKeys.server(DCID), packet, in.readerIndex());
        ByteBuf frame = Unpooled.wrappedBuffer(payload);
        assertThat(VarInt.read(frame)).as("CONNECTION_CLOSE, transport").isEqualTo(0x1c);
        assertThat(VarInt.read(frame)).as("CONNECTION_REFUSED").isEqualTo(0x02);
        assertThat(VarInt.read(frame)).as("frame type").isZero();
        assertThat(new String(bytes(frame, (int) VarInt.read(frame)), StandardCharsets.US_ASCII))
                .isEqualTo("busy");
        assertThat(frame.readableBytes())
                .as("nothing else: long enough to sample unpadded")
                .isZero();
        assertThat(packet.length)
                .as("far smaller than the Initial it answers (RFC 9000 §8)")
                .isLessThan(100);
    }

    @Test
    void aShortCloseIsPaddedSoHeaderProtectionCanSample() throws Exception {
        ClientInitial client = new ClientInitial(DCID, new byte[0], 1200);
        byte[] packet = ConnectionCloseInitial.build(client, SERVER_ID, 0x02, "");
        int pnOffset = 1 + 4 + 1 + 0 + 1 + SERVER_ID.length + 1 + 1;
        assertThat(packet.length - pnOffset).isGreaterThanOrEqualTo(InitialProtection.MIN_PROTECTED_AFTER_PN_OFFSET);
        byte[] payload = open(InitialKeys.server(DCID), packet, pnOffset);
        assertThat(Arrays.copyOf(payload, 4)).isEqualTo(hex("1c020000"));
    }

    /** Removes header protection and decrypts (RFC 9001 §5.4.1, §5.3): the payload of the packet at pnOffset. */
    private static byte[] open(InitialKeys keys, byte[] protectedPacket, int pnOffset) throws Exception {
        byte[] packet = protectedPacket.clone();
        byte[] sample = Arrays.copyOfRange(packet, pnOffset + 4, pnOffset + 20);
        Cipher ecb = Cipher.getInstance("AES/ECB/NoPadding");
        ecb.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(keys.hp(), "AES"));
        byte[] mask = ecb.doFinal(sample);
        packet[0] ^= (byte) (mask[0] & 0x0f);
        assertThat(packet[0] & 0x0f)
                .as("reserved bits 0, one-byte packet number")
                .isZero();
        int pnLength = (packet[0] & 0x03) + 1;
        long pn = 0;
        for (int i = 0; i < pnLength; i++) {
            packet[pnOffset + i] ^= mask[1 + i];
            pn = (pn << 8) | (packet[pnOffset + i] & 0xff);
        }
        byte[] nonce = keys.iv().clone();
        for (int i = 0; i < 8; i++) {
            nonce[nonce.length - 1 - i] ^= (byte) (pn >>> (8 * i));
        }
        Cipher aead = Cipher.getInstance("AES/GCM/NoPadding");
        aead.init(Cipher.DECRYPT_MODE, new SecretKeySpec(keys.key(), "AES"), new GCMParameterSpec(128, nonce));
        int headerLength = pnOffset + pnLength;
        aead.updateAAD(packet, 0, headerLength);
        return aead.doFinal(packet, headerLength, packet.length - headerLength);
    }

    private static ByteBuf datagram(byte[] start, int length) {
        byte[] datagram = Arrays.copyOf(start, Math.max(start.length, length));
        return Unpooled.wrappedBuffer(datagram);
    }

    private static byte[] bytes(ByteBuf in, int length) {
        byte[] out = new byte[length];
        in.readBytes(out);
        return out;
    }
}
