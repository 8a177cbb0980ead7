package io.quicroam.interop.kwik;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/**
 * Kwik takes its certificate and key as a {@link KeyStore}, quicroam writes PEM files (gateway's
 * {@code SelfSignedCertificate}: an EC P-256 key in PKCS#8): this turns one into the other, in memory.
 */
final class PemKeyStore {
    static final String ALIAS = "proxy";
    static final char[] PASSWORD = "interop".toCharArray();

    private PemKeyStore() {}

    /** A key store holding the key and its certificate under {@link #ALIAS}. */
    static KeyStore withKey(Path certPem, Path keyPem) throws IOException, GeneralSecurityException {
        Certificate certificate = certificate(certPem);
        PrivateKey key = KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(der(keyPem)));
        KeyStore store = empty();
        store.setKeyEntry(ALIAS, key, PASSWORD, new Certificate[] {certificate});
        return store;
    }

    /** A trust store holding one certificate: what an agent's {@code server.ca-file} is for quiche. */
    static KeyStore trusting(Path certPem) throws IOException, GeneralSecurityException {
        KeyStore store = empty();
        store.setCertificateEntry("ca", certificate(certPem));
        return store;
    }

    private static Certificate certificate(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            return CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static KeyStore empty() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        return store;
    }

    private static byte[] der(Path pem) throws IOException {
        String body = Files.readString(pem, StandardCharsets.US_ASCII)
                .replaceAll("-----[A-Z ]+-----", "")
                .replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }
}
