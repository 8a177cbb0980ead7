package io.quicroam.cli.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The pcap reading and the echo pairing behind KernelPingComparisonTest's proxy residence, on a made-up capture. */
class ProxyResidenceTest {
    private static final int CLIENT = 0xc6120102; // 198.18.1.2
    private static final int PROXY = 0xc6120001; // 198.18.0.1
    private static final long MS = 1_000_000;
    private static final long START = 1_796_000_000L * 1_000_000_000L;

    @Test
    void readsTheUdpHeadersOfANanosecondCapture() {
        byte[] file = pcap(packet(START + 123, CLIENT, 40000, PROXY, 4433, 120));

        assertThat(UdpHeader.readPcap(file))
                .containsExactly(new UdpHeader(START + 123, CLIENT, 40000, PROXY, 4433, 120));
    }

    @Test
    void timesQuietEchoesToTheProxysReplyNotItsAcksNorABurst() {
        byte[] file = pcap(
                // a quiet echo: 0.2 ms, an ACK-sized packet first
                packet(START, CLIENT, 40000, PROXY, 4433, 120),
                packet(START + MS / 10, PROXY, 4433, CLIENT, 40000, 30),
                packet(START + 2 * MS / 10, PROXY, 4433, CLIENT, 40000, 129),
                // the next 10 ms later: 0.3 ms
                packet(START + 10 * MS, CLIENT, 40000, PROXY, 4433, 120),
                packet(START + 10 * MS + 3 * MS / 10, PROXY, 4433, CLIENT, 40000, 129),
                // two requests before a reply: neither is timed
                packet(START + 20 * MS, CLIENT, 40000, PROXY, 4433, 120),
                packet(START + 20 * MS + MS / 10, CLIENT, 40000, PROXY, 4433, 120),
                packet(START + 20 * MS + 5 * MS, PROXY, 4433, CLIENT, 40000, 226),
                // another client's probe answered in the same window: not the cell's connection
                packet(START + 25 * MS, CLIENT, 50000, PROXY, 4433, 110),
                packet(START + 25 * MS + MS, PROXY, 4433, CLIENT, 50000, 110),
                // a path MTU probe is no echo
                packet(START + 30 * MS, CLIENT, 40000, PROXY, 4433, 1400),
                packet(START + 30 * MS + MS / 10, PROXY, 4433, CLIENT, 40000, 1400));

        long[] held = ProxyResidence.of(UdpHeader.readPcap(file), PROXY, START, START + 40 * MS);

        assertThat(held).containsExactly(2 * MS / 10, 3 * MS / 10);
        assertThat(ProxyResidence.of(UdpHeader.readPcap(file), PROXY, START + 5 * MS, START + 40 * MS))
                .as("only the window's echoes")
                .containsExactly(3 * MS / 10);
    }

    @Test
    void tellsTheProxysSilenceBeforeEachEchoOnAnyOfItsConnections() {
        byte[] file = pcap(
                packet(START, CLIENT, 40000, PROXY, 4433, 120),
                packet(START + MS / 10, PROXY, 4433, CLIENT, 40000, 129),
                // another connection's ACK 2 ms before the next echo: the proxy is running
                packet(START + 8 * MS, CLIENT, 50000, PROXY, 4433, 28),
                packet(START + 10 * MS, CLIENT, 40000, PROXY, 4433, 120),
                packet(START + 10 * MS + MS / 10, PROXY, 4433, CLIENT, 40000, 129),
                // another proxy's packet does not keep this one running: 20 ms of its silence
                packet(START + 25 * MS, CLIENT, 40000, PROXY, 9999, 28),
                packet(START + 30 * MS + MS / 10, CLIENT, 40000, PROXY, 4433, 120),
                packet(START + 30 * MS + 2 * MS / 10, PROXY, 4433, CLIENT, 40000, 129));

        ProxyResidence.Echo[] echoes =
                ProxyResidence.echoes(UdpHeader.readPcap(file), PROXY, START + 5 * MS, START + 40 * MS);

        assertThat(echoes).extracting(ProxyResidence.Echo::silence).containsExactly(2 * MS, 20 * MS);
        assertThat(echoes).extracting(ProxyResidence.Echo::woken).containsExactly(false, true);
    }

    private static byte[] packet(long epochNanos, int source, int sourcePort, int destination, int port, int payload) {
        ByteBuffer frame = ByteBuffer.allocate(14 + 20 + 8).order(ByteOrder.BIG_ENDIAN);
        frame.position(12);
        frame.putShort((short) 0x0800);
        frame.put((byte) 0x45)
                .put((byte) 0)
                .putShort((short) (20 + 8 + payload))
                .putInt(0);
        frame.put((byte) 64).put((byte) 17).putShort((short) 0).putInt(source).putInt(destination);
        frame.putShort((short) sourcePort)
                .putShort((short) port)
                .putShort((short) (8 + payload))
                .putShort((short) 0);
        ByteBuffer record = ByteBuffer.allocate(16 + frame.capacity()).order(ByteOrder.LITTLE_ENDIAN);
        record.putInt((int) (epochNanos / 1_000_000_000L)).putInt((int) (epochNanos % 1_000_000_000L));
        record.putInt(frame.capacity()).putInt(14 + 20 + 8 + payload).put(frame.array());
        return record.array();
    }

    /** A little-endian nanosecond pcap file on an Ethernet link, as tcpdump writes it on x86. */
    private static byte[] pcap(byte[]... records) {
        ByteBuffer header = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(0xa1b23c4d)
                .putShort((short) 2)
                .putShort((short) 4)
                .putInt(0)
                .putInt(0)
                .putInt(96)
                .putInt(1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.array());
        for (byte[] record : List.of(records)) {
            out.writeBytes(record);
        }
        return out.toByteArray();
    }
}
