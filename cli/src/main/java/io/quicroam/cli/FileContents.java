package io.quicroam.cli;

import io.quicroam.agent.AgentConfig;
import io.quicroam.agent.ServerConfig;
import io.quicroam.gateway.GatewayConfig;
import io.quicroam.gateway.TokenStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;

/**
 * Reads every file a configuration names the way the daemon will, before it starts: a malformed tokens file, a
 * certificate or key that is not PEM, or an empty token is one line naming the key, the file and the cause (exit 2),
 * not a stack trace once the daemon runs. {@code --check} runs the same checks.
 */
final class FileContents {
    /** A file whose content the daemon could not use; the message names the key and the file. */
    static final class Invalid extends Exception {
        Invalid(String key, Path file, String cause) {
            super(key + ": " + file + ": " + cause);
        }
    }

    private FileContents() {}

    static void check(GatewayConfig gateway) throws Invalid {
        certificates("cert-file", gateway.certFile());
        privateKey("key-file", gateway.keyFile());
        certificates("client-ca-file", gateway.clientCaFile());
        if (gateway.auth() == GatewayConfig.Auth.TOKENS && gateway.tokensFile() != null) {
            try {
                TokenStore.load(gateway.tokensFile());
            } catch (IllegalArgumentException e) {
                // TokenStore's message starts with the file and line already.
                throw new Invalid("tokens-file", gateway.tokensFile(), afterFile(e.getMessage(), gateway.tokensFile()));
            } catch (IOException e) {
                throw new Invalid("tokens-file", gateway.tokensFile(), "cannot read it (" + e.getMessage() + ")");
            }
        }
    }

    static void check(AgentConfig agent) throws Invalid {
        ServerConfig server = agent.server();
        certificates("server.ca-file", server.caFile());
        certificates("server.cert-file", server.certFile());
        privateKey("server.key-file", server.keyFile());
        Path token = server.tokenFile();
        if (token != null) {
            String text = read("server.token-file", token);
            if (text.isBlank()) {
                throw new Invalid("server.token-file", token, "empty: it holds the bearer token, one line");
            }
            if (text.strip().contains("\n") || text.strip().contains(" ")) {
                throw new Invalid("server.token-file", token, "more than one word: it holds only the token, one line");
            }
        }
    }

    /** One or more PEM X.509 certificates (a chain, or the CAs to trust). */
    private static void certificates(String key, Path file) throws Invalid {
        if (file == null) {
            return;
        }
        if (!read(key, file).contains("-----BEGIN CERTIFICATE-----")) {
            throw new Invalid(key, file, "no PEM certificate in it (expected -----BEGIN CERTIFICATE-----)");
        }
        try (InputStream in = Files.newInputStream(file)) {
            CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (CertificateException e) {
            throw new Invalid(key, file, "not a valid PEM certificate (" + OneLineFailure.describe(e) + ")");
        } catch (IOException e) {
            throw new Invalid(key, file, "cannot read it (" + e.getMessage() + ")");
        }
    }

    /** An unencrypted PEM private key: PKCS#8, or the traditional RSA / EC forms. */
    private static void privateKey(String key, Path file) throws Invalid {
        if (file == null) {
            return;
        }
        Object first;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            first = parser.readObject();
        } catch (IOException | RuntimeException e) {
            throw new Invalid(key, file, "not a PEM private key (" + e.getMessage() + ")");
        }
        if (first == null) {
            throw new Invalid(key, file, "no PEM private key in it (expected -----BEGIN PRIVATE KEY-----)");
        }
        if (!(first instanceof PrivateKeyInfo || first instanceof PEMKeyPair)) {
            throw new Invalid(
                    key,
                    file,
                    "holds " + first.getClass().getSimpleName()
                            + ", not an unencrypted private key (an encrypted key cannot be read at start-up)");
        }
    }

    private static String read(String key, Path file) throws Invalid {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new Invalid(key, file, "cannot read it (" + e.getMessage() + ")");
        } catch (RuntimeException e) { // MalformedInputException is an IOException; other decoding trouble is not
            throw new Invalid(key, file, "not text (" + e.getMessage() + ")");
        }
    }

    private static String afterFile(String message, Path file) {
        String prefix = file.toString();
        return message.startsWith(prefix) ? "line " + message.substring(prefix.length() + 1) : message;
    }
}
