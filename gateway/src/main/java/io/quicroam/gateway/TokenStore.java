package io.quicroam.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bearer tokens from a file, one client per line: {@code CLIENT-NAME TOKEN}; {@code #} starts a comment.
 * Tokens are kept only as SHA-256 digests and compared in constant time; they are never logged.
 */
public final class TokenStore {
    private final Map<String, byte[]> digestsByClient;

    private TokenStore(Map<String, byte[]> digestsByClient) {
        this.digestsByClient = digestsByClient;
    }

    public static TokenStore load(Path file) throws IOException {
        return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
    }

    static TokenStore parse(List<String> lines, String fileName) {
        Map<String, byte[]> digests = new HashMap<>();
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
            if (digests.put(parts[0], sha256(parts[1])) != null) {
                throw new IllegalArgumentException(
                        fileName + ":" + (i + 1) + ": client '" + parts[0] + "' appears twice");
            }
        }
        if (digests.isEmpty()) {
            throw new IllegalArgumentException(fileName + ": no tokens; add a line 'CLIENT-NAME TOKEN'");
        }
        return new TokenStore(digests);
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
        String owner = null;
        for (Map.Entry<String, byte[]> entry : digestsByClient.entrySet()) {
            if (MessageDigest.isEqual(entry.getValue(), presented)) {
                owner = entry.getKey();
            }
        }
        return Optional.ofNullable(owner);
    }

    public int size() {
        return digestsByClient.size();
    }

    private static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError("every JRE has SHA-256", e);
        }
    }
}
