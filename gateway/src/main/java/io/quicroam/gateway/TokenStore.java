package io.quicroam.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Bearer tokens from a file, one client per line: {@code CLIENT-NAME TOKEN}; {@code #} starts a comment.
 * Tokens are kept only as SHA-256 digests and compared in constant time; they are never logged.
 *
 * <p>A request costs one digest and one map lookup whatever the number of clients: the digests are indexed by their
 * first 8 bytes (which say nothing about a token, SHA-256 being one-way), and only the entry found there is
 * compared, in full and in constant time. A linear scan did one comparison per client on the event loop.
 */
public final class TokenStore {
    private record Client(String name, byte[] digest) {}

    private final Map<Long, Client> byDigestPrefix;
    private final Set<String> clients;

    private TokenStore(Map<Long, Client> byDigestPrefix, Set<String> clients) {
        this.byDigestPrefix = byDigestPrefix;
        this.clients = clients;
    }

    public static TokenStore load(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    }

    static TokenStore parse(List<String> lines, String fileName) {
        Map<Long, Client> byDigestPrefix = new HashMap<>();
        Map<String, Integer> lineOfClient = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length != 2) {
                throw new IllegalArgumentException(
                        fileName + ":" + (i + 1) + ": expected 'CLIENT-NAME TOKEN' (two fields separated by spaces)");
            }
            if (parts[1].length() < 16) {
                throw new IllegalArgumentException(fileName + ":" + (i + 1) + ": token of client '" + parts[0]
                        + "' is shorter than 16 characters; generate one with: openssl rand -hex 32");
            }
            if (lineOfClient.put(parts[0], i + 1) != null) {
                throw new IllegalArgumentException(
                        fileName + ":" + (i + 1) + ": client '" + parts[0] + "' appears twice");
            }
            byte[] digest = sha256(parts[1]);
            Client other = byDigestPrefix.put(prefix(digest), new Client(parts[0], digest));
            if (other != null) {
                // Two clients with one token could not be told apart (a 64-bit prefix collision of different
                // tokens is a 2^-64 event, so this is in practice the same token on both lines).
                throw new IllegalArgumentException(fileName + ":" + (i + 1) + ": client '" + parts[0]
                        + "' has the token of client '" + other.name() + "' (line " + lineOfClient.get(other.name())
                        + "); give every client its own");
            }
        }
        if (byDigestPrefix.isEmpty()) {
            throw new IllegalArgumentException(fileName + ": no tokens; add a line 'CLIENT-NAME TOKEN'");
        }
        return new TokenStore(Map.copyOf(byDigestPrefix), Set.copyOf(lineOfClient.keySet()));
    }

    /** The client that owns this {@code Authorization} header value ({@code Bearer TOKEN}, RFC 6750 §2.1). */
    public Optional<String> authenticate(CharSequence authorization) {
        if (authorization == null) {
            return Optional.empty();
        }
        String value = authorization.toString();
        if (value.length() < 8 || !value.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        byte[] presented = sha256(value.substring(7).strip());
        Client candidate = byDigestPrefix.get(prefix(presented));
        return candidate != null && MessageDigest.isEqual(candidate.digest(), presented)
                ? Optional.of(candidate.name())
                : Optional.empty();
    }

    public int size() {
        return clients.size();
    }

    /** The names of the clients this file lets in. */
    public Set<String> clients() {
        return clients;
    }

    /**
     * The clients of this file whose token {@code next} no longer accepts: removed, or given another token. Every
     * session of theirs was opened with a token that would now be refused, so a reload ends them (a rotated token
     * may be a leaked one: the old token's sessions must not outlive it).
     */
    public Set<String> revokedBy(TokenStore next) {
        Set<String> revoked = new HashSet<>();
        for (Client client : byDigestPrefix.values()) {
            Client same = next.byDigestPrefix.get(prefix(client.digest()));
            if (same == null
                    || !same.name().equals(client.name())
                    || !MessageDigest.isEqual(same.digest(), client.digest())) {
                revoked.add(client.name());
            }
        }
        return revoked;
    }

    private static long prefix(byte[] digest) {
        long prefix = 0;
        for (int i = 0; i < Long.BYTES; i++) {
            prefix = prefix << 8 | (digest[i] & 0xff);
        }
        return prefix;
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JRE has SHA-256", e);
        }
    }
}
