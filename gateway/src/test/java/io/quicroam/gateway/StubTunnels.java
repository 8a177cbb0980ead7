package io.quicroam.gateway;

import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicConnectionPathStats;
import io.netty.handler.codec.quic.QuicStreamChannel;
import io.netty.util.concurrent.ImmediateEventExecutor;
import io.quicroam.transport.DatagramCapacity;
import io.quicroam.transport.QuicTuning;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Proxy;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * {@link TunnelStream}s over stand-in QUIC channels that can only say whether they are open, and be closed: enough
 * for the session and grace-time logic, without a network. Anything else they are asked fails the test loudly.
 */
final class StubTunnels {
    private StubTunnels() {}

    /** A tunnel on client stream {@code streamId} that is open while {@code open} is true. */
    static TunnelStream tunnel(long streamId, AtomicBoolean open) {
        return tunnel(streamId, open, new DatagramCapacity(QuicTuning.defaults().maxDatagramPayload()));
    }

    /** As {@link #tunnel(long, AtomicBoolean)}, on a connection that carries datagrams up to {@code capacity}. */
    static TunnelStream tunnel(long streamId, AtomicBoolean open, DatagramCapacity capacity) {
        return tunnel(streamId, open, capacity, () -> {
            throw new UnsupportedOperationException("stub QuicChannel.collectPathStats");
        });
    }

    /** As {@link #tunnel(long, AtomicBoolean, DatagramCapacity)}, its path MTU (path statistics) {@code pmtu}. */
    static TunnelStream tunnel(long streamId, AtomicBoolean open, DatagramCapacity capacity, LongSupplier pmtu) {
        QuicChannel connection = stub(QuicChannel.class, open, null, streamId, pmtu);
        return new TunnelStream(
                stub(QuicStreamChannel.class, open, connection, streamId, pmtu), null, capacity, reason -> {});
    }

    private static <T> T stub(Class<T> type, AtomicBoolean open, QuicChannel parent, long streamId, LongSupplier pmtu) {
        InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
            case "isActive" -> open.get();
            case "parent" -> parent;
            case "streamId" -> streamId;
            case "collectPathStats" -> ImmediateEventExecutor.INSTANCE.newSucceededFuture(pathStats(pmtu.getAsLong()));
            case "pmtu" -> pmtu.getAsLong();
            case "close" -> { // the stream's end, as netty would report it; nobody waits on the future here
                open.set(false);
                yield null;
            }
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            case "toString" -> "stub " + type.getSimpleName() + " " + streamId;
            default -> throw new UnsupportedOperationException("stub " + type.getSimpleName() + "." + method.getName());
        };
        return type.cast(Proxy.newProxyInstance(StubTunnels.class.getClassLoader(), new Class<?>[] {type}, handler));
    }

    /** Path statistics that only know the path MTU. */
    private static QuicConnectionPathStats pathStats(long pmtu) {
        return stub(QuicConnectionPathStats.class, new AtomicBoolean(true), null, 0, () -> pmtu);
    }
}
