package io.quicroam.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.quicroam.masque.capsule.DatagramCapsule;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** DATAGRAM capsules received (RFC 9297 §3.5): their payload goes where a QUIC datagram's would. */
class CapsuleDatagramsTest {
    private final Map<DropReason, Integer> drops = new EnumMap<>(DropReason.class);

    @Test
    void aCapsuleWhosePayloadHasNoContextIdIsDroppedAndCounted() {
        List<Long> contexts = new ArrayList<>();
        HttpDatagramReceiver.Listener listener = (contextId, payload) -> {
            contexts.add(contextId);
            payload.release();
        };

        CapsuleDatagrams.deliver(
                UnpooledByteBufAllocator.DEFAULT,
                new DatagramCapsule(new byte[0]),
                listener,
                reason -> drops.merge(reason, 1, Integer::sum));
        CapsuleDatagrams.deliver(
                UnpooledByteBufAllocator.DEFAULT,
                new DatagramCapsule(new byte[] {0, 0x45}),
                listener,
                reason -> drops.merge(reason, 1, Integer::sum));

        assertThat(drops).containsEntry(DropReason.MALFORMED_DATAGRAM, 1);
        assertThat(contexts).containsExactly(0L);
    }
}
