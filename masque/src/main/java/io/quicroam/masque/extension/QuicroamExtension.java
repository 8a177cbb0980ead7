package io.quicroam.masque.extension;

/**
 * quicroam's extension to CONNECT-IP (docs/extension.md): a session that outlives its connections, so several
 * paths (one QUIC connection each) carry one tunnel with one inner address. Negotiated with request and response
 * headers; a peer that does not offer or answer it sees a plain RFC 9484 exchange.
 */
public final class QuicroamExtension {
    /**
     * Request header offering the extension on a new session ({@code ?1}, an RFC 8941 boolean). A gateway that
     * supports it answers with {@link #SESSION_TOKEN} and {@link #PATH_ID}.
     */
    public static final String SESSION_OFFER = "quicroam-session";
    /** Request header: join the session this token names, as another path. Wrong, expired or foreign: 403. */
    public static final String JOIN = "quicroam-join";
    /** Response header: the session token (base64url, ≥ 128 bits of randomness). Never logged. */
    public static final String SESSION_TOKEN = "quicroam-session-token";
    /** Response header: this request stream's path ID within the session, named by PATH_STATUS capsules. */
    public static final String PATH_ID = "quicroam-path-id";
    /** Response header: seconds the session outlives its last path (grace time). */
    public static final String GRACE = "quicroam-grace";

    /**
     * Echo probes: the gateway returns each datagram on this context unchanged, on the path it came in on. Even,
     * because the client allocates it (RFC 9484 §6, RFC 9298 §4).
     */
    public static final long PROBE_CONTEXT_ID = 2;
    /**
     * Sequenced IP packets for the redundant scheduler: payload = Sequence Number (i) followed by the IP packet.
     * The receiver delivers each sequence number once, whichever path brought it first.
     */
    public static final long SEQUENCED_IP_CONTEXT_ID = 4;

    private QuicroamExtension() {}
}
