package io.quicroam.agent;

import io.quicroam.config.ConfigException;
import io.quicroam.config.ConfigMap;
import io.quicroam.masque.UriTemplate;
import io.quicroam.transport.TlsGroups;
import java.nio.file.Path;

/**
 * How to reach the CONNECT-IP proxy ({@code server:} in agent.yaml).
 *
 * @param template   the proxy's URI template; {@code :authority} is sent exactly as written here
 * @param caFile     PEM CA certificates to trust instead of the system trust store, or null
 * @param tokenFile  file holding the bearer token, or null for none
 * @param target     the {@code target} variable (RFC 9484 §4.1): "*" for anything
 * @param ipproto    the {@code ipproto} variable: "*" for any protocol
 * @param certFile   PEM client certificate chain for gateways that require mTLS, or null
 * @param keyFile    its PKCS#8 PEM private key, or null
 * @param tlsGroups  the TLS key exchange groups offered, most preferred first ({@code tls.groups})
 * @param addressRequests when to ask the proxy for addresses ({@code server.address-request}, {@code address-wait})
 */
public record ServerConfig(
        UriTemplate template,
        Path caFile,
        Path tokenFile,
        String target,
        String ipproto,
        Path certFile,
        Path keyFile,
        TlsGroups tlsGroups,
        AddressRequestConfig addressRequests) {

    /** Without a client certificate. */
    public ServerConfig(UriTemplate template, Path caFile, Path tokenFile, String target, String ipproto) {
        this(template, caFile, tokenFile, target, ipproto, null, null);
    }

    /** With the default TLS groups (post-quantum hybrid first) and address requests. */
    public ServerConfig(
            UriTemplate template,
            Path caFile,
            Path tokenFile,
            String target,
            String ipproto,
            Path certFile,
            Path keyFile) {
        this(
                template,
                caFile,
                tokenFile,
                target,
                ipproto,
                certFile,
                keyFile,
                TlsGroups.DEFAULT,
                AddressRequestConfig.DEFAULT);
    }

    public ServerConfig withTlsGroups(TlsGroups groups) {
        return new ServerConfig(
                template, caFile, tokenFile, target, ipproto, certFile, keyFile, groups, addressRequests);
    }

    public ServerConfig withAddressRequests(AddressRequestConfig requests) {
        return new ServerConfig(template, caFile, tokenFile, target, ipproto, certFile, keyFile, tlsGroups, requests);
    }

    static ServerConfig from(ConfigMap server) throws ConfigException {
        String url = server.requireString("url");
        UriTemplate template;
        try {
            template = UriTemplate.parse(url);
        } catch (IllegalArgumentException e) {
            throw server.error(
                    "url",
                    "the proxy's https URI template, e.g. "
                            + "https://gateway.example:4433/.well-known/masque/ip/{target}/{ipproto}/ ("
                            + e.getMessage() + ")");
        }
        Path caFile = server.existingFile("ca-file", null);
        Path tokenFile = server.existingFile("token-file", null);
        String target = server.string("target", "*");
        String ipproto = server.string("ipproto", "*");
        Path certFile = server.existingFile("cert-file", null);
        Path keyFile = server.existingFile("key-file", null);
        if ((certFile == null) != (keyFile == null)) {
            throw server.error(
                    certFile == null ? "cert-file" : "key-file",
                    "cert-file and key-file together (a client certificate for mTLS), or neither");
        }
        AddressRequestConfig addressRequests = AddressRequestConfig.from(server);
        server.finish();
        return new ServerConfig(template, caFile, tokenFile, target, ipproto, certFile, keyFile)
                .withAddressRequests(addressRequests);
    }
}
