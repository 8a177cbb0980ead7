package io.quicroam.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.quicroam.masque.ip.IpAddresses;
import io.quicroam.masque.ip.IpPacketBuilder;
import java.net.InetAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class LocalGatewayTest {
    /**
     * A test class's gateway and a test's gateway of its own, started from the same options: the second one's start
     * took the echo host's answers over and its close ended them, so every later test on the first gateway heard
     * nothing back and read it as a slow failover (BondedHandoverTest, ~1.6 s "gaps" with every packet lost).
     */
    @Test
    void aGatewayStartedAndClosedBesideAnotherLeavesItsClientsAnswered() throws Exception {
        LocalGateway.Options options = LocalGateway.Options.defaults();
        try (LocalGateway first = LocalGateway.start(options, new SimpleMeterRegistry());
                LoopbackRig rig = LoopbackRig.on(first).start()) {
            rig.connect();
            assertThat(echoed(rig)).as("answered before a second gateway").isTrue();

            LocalGateway.start(options, new SimpleMeterRegistry()).close();

            assertThat(echoed(rig))
                    .as("answered after a second gateway came and went")
                    .isTrue();
        }
    }

    /** Whether a UDP datagram through the tunnel comes back from the echo host (a few tries, a second each). */
    private static boolean echoed(LoopbackRig rig) throws InterruptedException {
        InetAddress far = IpAddresses.parse("198.51.100.7");
        for (int attempt = 0; attempt < 3; attempt++) {
            rig.io().inject(IpPacketBuilder.udp(rig.innerV4(), far, 40000, 7, new byte[] {(byte) attempt}));
            ByteBuf echo = rig.io().poll(Duration.ofSeconds(1));
            if (echo != null) {
                echo.release();
                return true;
            }
        }
        return false;
    }
}
