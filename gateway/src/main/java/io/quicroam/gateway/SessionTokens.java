package io.quicroam.gateway;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Session tokens of quicroam's extension: 128 random bits, base64url. A token joins a path to its session only for
 * the identity it was issued to (client name and certificate, {@link ClientIdentity}), and only until it expires.
 * Every successful join gets a fresh token ({@link #rotate}); the ones it replaces stay valid for the overlap only,
 * so a token seen on the wire is soon worth nothing. Tokens are never logged.
 */
final class SessionTokens {
    private record Entry(Session session, ClientIdentity owner, Instant expires) {}

    private static final int TOKEN_BYTES = 16;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Entry> byToken = new ConcurrentHashMap<>();
    /**
     * Each session's live tokens, newest last: to shorten the older ones on rotation and drop all at the end.
     * Guarded by {@code this}; lookups ({@link #redeem}) read {@link #byToken} without locking.
     */
    private final Map<Long, List<String>> bySession = new HashMap<>();

    private final Clock clock;
    private final Duration lifetime;
    private final Duration overlap;

    SessionTokens(Clock clock, Duration lifetime, Duration overlap) {
        this.clock = clock;
        this.lifetime = lifetime;
        this.overlap = overlap;
    }

    String issue() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** {@code token} (from {@link #issue}) now joins {@code session}, for {@code owner} only. */
    synchronized void register(String token, Session session, ClientIdentity owner) {
        byToken.put(token, new Entry(session, owner, clock.instant().plus(lifetime)));
        bySession.computeIfAbsent(session.id, id -> new ArrayList<>()).add(token);
    }

    /**
     * A join of {@code session} succeeded: the token for the answer. The session's older tokens expire within
     * the overlap (a join the agent opened with one of them may still be on its way).
     */
    synchronized String rotate(Session session, ClientIdentity owner) {
        Instant now = clock.instant();
        Instant overlapEnds = now.plus(overlap);
        List<String> tokens = bySession.getOrDefault(session.id, List.of());
        for (String old : List.copyOf(tokens)) {
            Entry entry = byToken.get(old);
            if (entry == null || now.isAfter(entry.expires)) {
                byToken.remove(old);
                tokens.remove(old);
            } else if (entry.expires.isAfter(overlapEnds)) {
                byToken.put(old, new Entry(entry.session, entry.owner, overlapEnds));
            }
        }
        String fresh = issue();
        register(fresh, session, owner);
        return fresh;
    }

    /** The session {@code token} names, if it exists, belongs to {@code presenter} and has not expired. */
    Optional<Session> redeem(String token, ClientIdentity presenter) {
        Entry entry = token == null ? null : byToken.get(token);
        if (entry == null || !entry.owner.equals(presenter)) {
            return Optional.empty();
        }
        if (clock.instant().isAfter(entry.expires)) {
            byToken.remove(token);
            return Optional.empty();
        }
        return Optional.of(entry.session);
    }

    /** The session ended: none of its tokens joins any more. */
    synchronized void revoke(Session session) {
        List<String> tokens = bySession.remove(session.id);
        if (tokens != null) {
            tokens.forEach(byToken::remove);
        }
    }
}
