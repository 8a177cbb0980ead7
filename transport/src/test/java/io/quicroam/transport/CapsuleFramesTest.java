package io.quicroam.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.handler.codec.http3.Http3DataFrame;
import io.quicroam.masque.capsule.AddressAssign;
import io.quicroam.masque.capsule.Capsule;
import io.quicroam.masque.capsule.CapsuleDecoder;
import io.quicroam.masque.capsule.DatagramCapsule;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** RFC 9297 §3.1: capsules travel in the request stream's DATA frames, one after the other, nothing between. */
class CapsuleFramesTest {

    @Test
    void oneDataFrameCarriesTheCapsulesInOrder() throws Exception {
        DatagramCapsule first = new DatagramCapsule(new byte[] {0, 1, 2});
        AddressAssign none = new AddressAssign(List.of()); // RFC 9484 §4.7.1: every address withdrawn
        DatagramCapsule last = new DatagramCapsule(new byte[] {0, 9});

        Http3DataFrame frame = CapsuleFrames.frame(UnpooledByteBufAllocator.DEFAULT, first, none, last);
        try {
            List<Capsule> decoded = new ArrayList<>();
            CapsuleDecoder decoder = new CapsuleDecoder();
            decoder.decode(frame.content(), decoded);
            assertThat(decoded).containsExactly(first, none, last);
            decoder.endOfStream(); // the frame ends where the last capsule does: nothing after it
        } finally {
            frame.release();
        }
    }
}
