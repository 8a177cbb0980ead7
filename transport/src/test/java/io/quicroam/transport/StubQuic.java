package io.quicroam.transport;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.quic.QuicChannel;
import io.netty.handler.codec.quic.QuicStreamChannel;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A stand-in QUIC connection with one request stream that writes down how the code under test closed them
 * (EmbeddedChannel is no QuicChannel). Anything else they are asked fails the test loudly.
 */
final class StubQuic {
    /** e.g. "connection close 0x107 reason", "stream shutdown 0x10e", "stream close". */
    final List<String> events = new ArrayList<>();

    final QuicChannel connection = stub(QuicChannel.class, this::onConnection);
    final QuicStreamChannel stream = stub(QuicStreamChannel.class, this::onStream);

    /** A context whose channel is the connection: where a connection-level handler runs. */
    ChannelHandlerContext connectionContext() {
        return stub(ChannelHandlerContext.class, (method, args) -> {
            if (method.getName().equals("channel")) {
                return connection;
            }
            throw unexpected(ChannelHandlerContext.class, method);
        });
    }

    private Object onConnection(Method method, Object[] args) {
        if (method.getName().equals("alloc")) {
            return UnpooledByteBufAllocator.DEFAULT;
        }
        if (method.getName().equals("close") && args != null && args.length == 3) {
            ByteBuf reason = (ByteBuf) args[2];
            events.add("connection close 0x" + Integer.toHexString((Integer) args[1]) + " "
                    + reason.toString(StandardCharsets.US_ASCII));
            reason.release();
            return null;
        }
        throw unexpected(QuicChannel.class, method);
    }

    private Object onStream(Method method, Object[] args) {
        switch (method.getName()) {
            case "parent":
                return connection;
            case "shutdown":
                if (args != null && args.length == 1 && args[0] instanceof Integer code) {
                    events.add("stream shutdown 0x" + Integer.toHexString(code));
                    return null;
                }
                break;
            case "close":
                if (args == null) {
                    events.add("stream close");
                    return null;
                }
                break;
            default:
                break;
        }
        throw unexpected(QuicStreamChannel.class, method);
    }

    private interface Behaviour {
        Object invoke(Method method, Object[] args);
    }

    private static <T> T stub(Class<T> type, Behaviour behaviour) {
        InvocationHandler handler = (proxy, method, args) -> switch (method.getName()) {
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            case "toString" -> "stub " + type.getSimpleName();
            default -> behaviour.invoke(method, args);
        };
        return type.cast(Proxy.newProxyInstance(StubQuic.class.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private static UnsupportedOperationException unexpected(Class<?> type, Method method) {
        return new UnsupportedOperationException("stub " + type.getSimpleName() + "." + method.getName());
    }
}
