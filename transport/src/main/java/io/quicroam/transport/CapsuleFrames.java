package io.quicroam.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http3.DefaultHttp3DataFrame;
import io.netty.handler.codec.http3.Http3DataFrame;
import io.quicroam.masque.capsule.Capsule;
import io.quicroam.masque.capsule.CapsuleCodec;

/** Capsules travel in the DATA frames of the request stream (RFC 9297 §3.1). */
public final class CapsuleFrames {
    private CapsuleFrames() {}

    public static Http3DataFrame frame(ByteBufAllocator alloc, Capsule... capsules) {
        return new DefaultHttp3DataFrame(encode(alloc, capsules));
    }

    /** The capsules' bytes, for a transport that frames them itself (HTTP/2 DATA frames, RFC 9297 §3.1). */
    public static ByteBuf encode(ByteBufAllocator alloc, Capsule... capsules) {
        ByteBuf out = alloc.buffer();
        for (Capsule capsule : capsules) {
            CapsuleCodec.encode(capsule, out);
        }
        return out;
    }
}
