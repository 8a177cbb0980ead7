package io.quicroam.masque;

import java.util.List;
import java.util.function.Function;

/** RFC 9297 §3.2: the Capsule Protocol MUST NOT be used with messages that carry content headers. */
final class ContentHeaders {

    private static final List<String> FORBIDDEN = List.of("content-length", "content-type", "transfer-encoding");

    private ContentHeaders() {}

    /** A reason naming the first forbidden header present, or null; a violating message is malformed. */
    static String firstPresent(Function<String, String> headerLookup) {
        for (String name : FORBIDDEN) {
            if (headerLookup.apply(name) != null) {
                return name + " is not allowed with the Capsule Protocol (RFC 9297 §3.2)";
            }
        }
        return null;
    }
}
