package io.quicroam.gateway;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Session tokens of quicroam's extension: 128 random bits, base64url. A token joins a path to its session only for
 * the client it was issued to, and only until it expires. Tokens are never logged.
 */
final class SessionTokens {
    private record Entry(Session session, Instant expires) {}

    private static final int TOKEN_BYTES = 16;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Entry> byToken = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration lifetime;

    SessionTokens(Clock clock, Duration lifetime) {
        this.clock = clock;
        this.lifetime = lifetime;
    }

    String issue() {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    void register(String token, Session session) {
        byToken.put(token, new Entry(session, clock.instant().plus(lifetime)));
    }

    /** The session {@code token} names, if it exists, belongs to {@code client} and has not expired. */
    Optional<Session> redeem(String token, String client) {
        Entry entry = token == null ? null : byToken.get(token);
        if (entry == null || !entry.session.client.equals(client)) {
            return Optional.empty();
        }
        if (clock.instant().isAfter(entry.expires)) {
            byToken.remove(token);
            return Optional.empty();
        }
        return Optional.of(entry.session);
    }

    void revoke(Session session) {
        if (session.token != null) {
            byToken.remove(session.token);
        }
    }
}
