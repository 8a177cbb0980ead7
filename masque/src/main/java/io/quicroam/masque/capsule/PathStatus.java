package io.quicroam.masque.capsule;

/**
 * quicroam's PATH_STATUS capsule (see docs/extension.md): the agent tells the gateway what each path of a bonded
 * session is for, modelled on draft-ietf-quic-multipath's PATH_STATUS_AVAILABLE, PATH_STATUS_BACKUP and
 * PATH_ABANDON frames. Sent on any path's request stream; {@code pathId} names the path it is about, and a status
 * with a sequence number not above the last one seen for that path is stale and ignored.
 *
 * <pre>
 * PATH_STATUS Capsule {
 *   Capsule Type (i) = 0x2e515201,
 *   Capsule Length (i),
 *   Path ID (i),
 *   Sequence Number (i),
 *   Status (i),        // 1 AVAILABLE, 2 BACKUP, 3 ABANDON
 * }
 * </pre>
 */
public record PathStatus(long pathId, long sequence, Status status) implements Capsule {
    /**
     * A randomly chosen codepoint outside 0x00-0x3f and the greasing values 0x29 * N + 0x17 (RFC 9297 §5.4), to be
     * registered provisionally (RFC 9000 §22.1.1): docs/extension.md.
     */
    public static final long TYPE = 0x2e515201L;

    /** What a path is for. */
    public enum Status {
        /** Carries traffic. */
        AVAILABLE(1),
        /** Kept warm and probed; used only when no AVAILABLE path is left. */
        BACKUP(2),
        /** Gone: the gateway forgets the path. */
        ABANDON(3);

        private final int code;

        Status(int code) {
            this.code = code;
        }

        public int code() {
            return code;
        }

        /** The status for a wire code, or null for one this version does not know. */
        public static Status of(long code) {
            for (Status status : values()) {
                if (status.code == code) {
                    return status;
                }
            }
            return null;
        }
    }

    public PathStatus {
        if (pathId < 0 || sequence < 0) {
            throw new IllegalArgumentException("path ID and sequence number are non-negative varints");
        }
        if (status == null) {
            throw new IllegalArgumentException("status must be 1 (AVAILABLE), 2 (BACKUP) or 3 (ABANDON)");
        }
    }

    @Override
    public long type() {
        return TYPE;
    }
}
