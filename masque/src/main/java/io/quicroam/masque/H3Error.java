package io.quicroam.masque;

/**
 * HTTP/3 error codes this module may ask the caller to raise: RFC 9114 §8.1, plus H3_DATAGRAM_ERROR
 * registered by RFC 9297 §5.2.
 */
public enum H3Error {
    H3_NO_ERROR(0x100),
    H3_GENERAL_PROTOCOL_ERROR(0x101),
    H3_INTERNAL_ERROR(0x102),
    H3_STREAM_CREATION_ERROR(0x103),
    H3_CLOSED_CRITICAL_STREAM(0x104),
    H3_FRAME_UNEXPECTED(0x105),
    H3_FRAME_ERROR(0x106),
    H3_EXCESSIVE_LOAD(0x107),
    H3_ID_ERROR(0x108),
    H3_SETTINGS_ERROR(0x109),
    H3_MISSING_SETTINGS(0x10a),
    H3_REQUEST_REJECTED(0x10b),
    H3_REQUEST_CANCELLED(0x10c),
    H3_REQUEST_INCOMPLETE(0x10d),
    H3_MESSAGE_ERROR(0x10e),
    H3_CONNECT_ERROR(0x10f),
    H3_VERSION_FALLBACK(0x110),
    H3_DATAGRAM_ERROR(0x33);

    private final long code;

    H3Error(long code) {
        this.code = code;
    }

    /** The code carried in RESET_STREAM / STOP_SENDING / CONNECTION_CLOSE. */
    public long code() {
        return code;
    }
}
