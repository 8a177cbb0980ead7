package io.quicroam.masque;

import io.quicroam.masque.capsule.IpPrefix;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;

/**
 * Server-side check of an incoming CONNECT-IP request against the proxy's URI template, returning the
 * decoded scope or the status to reject with. Checks run in request order, the first failure wins:
 *
 * <ol>
 *   <li>{@code :method} other than CONNECT: 405 (RFC 9110 §15.5.6; the response must carry
 *       {@code allow: CONNECT}, see {@link Validation.Rejected#responseHeaders()}).</li>
 *   <li>No {@code :protocol} (classic CONNECT, a TCP tunnel, RFC 9114 §4.4) or another protocol: 501,
 *       as RFC 9220 §3 says for an unsupported {@code :protocol} (RFC 9110 §15.6.2).</li>
 *   <li>{@code :scheme} or {@code :path} missing (RFC 9220 §3 / RFC 8441 §4 require both with
 *       {@code :protocol}) or {@code :scheme} not https: 400, a malformed request (RFC 9484 §4.4,
 *       RFC 9114 §4.1.2).</li>
 *   <li>{@code :authority} missing: 400; not this proxy's host and port: 421 Misdirected Request
 *       (RFC 9110 §15.5.20), which tells the client it may retry elsewhere rather than that it sent
 *       garbage.</li>
 *   <li>{@code :path} not an expansion of the template: 404 (RFC 9110 §15.5.5).</li>
 *   <li>Content-Length / Content-Type / Transfer-Encoding present: 400 (RFC 9297 §3.2, malformed).</li>
 *   <li>{@code target} or {@code ipproto} empty or breaking RFC 9484 §4.6 syntax: 400 (RFC 9484 §4.1:
 *       MUST treat as malformed). A host-name target is valid but needs DNS resolution (RFC 9484 §4.6: resolved
 *       before the reply), which quicroam's gateway deliberately does not do (docs/conformance.md): 501, the
 *       functionality is not implemented (RFC 9110 §15.6.2).</li>
 * </ol>
 *
 * <p>{@code capsule-protocol} is not required: RFC 9484 §4.4 lists no such requirement and RFC 9297 §3.4
 * makes sending it a SHOULD, so a request without it is accepted. (connect-ip-go rejects it with 400.)
 * For a malformed request (every 400 here) the caller sends the 400 and then resets the stream with
 * {@link H3Error#H3_MESSAGE_ERROR} (RFC 9114 §4.1.2).
 */
public final class ConnectIpRequestValidator {

    private final UriTemplate template;

    public ConnectIpRequestValidator(UriTemplate template) {
        this.template = Objects.requireNonNull(template, "template");
    }

    /** {@code headerLookup} returns a (pseudo-)header's value by lower-case name, or null if absent. */
    public Validation validate(Function<String, String> headerLookup) {
        String method = headerLookup.apply(":method");
        if (method == null) {
            return reject(400, ":method is missing (RFC 9114 §4.3.1)");
        }
        if (!method.equals("CONNECT")) {
            return reject(405, "method must be CONNECT (RFC 9484 §4.4)");
        }
        String protocol = headerLookup.apply(":protocol");
        if (protocol == null) {
            return reject(
                    501,
                    "classic CONNECT is not supported: use extended CONNECT with :protocol connect-ip (RFC 9220 §3)");
        }
        if (!protocol.equals(ConnectIpRequest.PROTOCOL)) {
            return reject(501, ":protocol is not connect-ip (RFC 9220 §3)");
        }
        String scheme = headerLookup.apply(":scheme");
        String path = headerLookup.apply(":path");
        if (scheme == null || scheme.isEmpty() || path == null || path.isEmpty()) {
            return reject(400, "extended CONNECT must carry non-empty :scheme and :path (RFC 9220 §3, RFC 9484 §4.4)");
        }
        if (!scheme.equals(template.scheme())) {
            return reject(400, ":scheme must be https (RFC 9484 §4.4)");
        }
        String authority = headerLookup.apply(":authority");
        if (authority == null || authority.isEmpty()) {
            return reject(400, ":authority is missing (RFC 9484 §4.4)");
        }
        if (!template.authorityMatches(authority)) {
            return reject(421, ":authority does not name this proxy (RFC 9110 §15.5.20)");
        }
        Optional<Map<String, String>> variables = template.match(path);
        if (variables.isEmpty()) {
            return reject(404, ":path does not match the proxy's URI template (RFC 9484 §3)");
        }
        String contentHeader = ContentHeaders.firstPresent(headerLookup);
        if (contentHeader != null) {
            return reject(400, contentHeader);
        }
        // RFC 9484 §4.6: an absent variable means "*"
        String target = variables.get().getOrDefault("target", RequestScope.WILDCARD);
        String ipproto = variables.get().getOrDefault("ipproto", RequestScope.WILDCARD);
        if (target.isEmpty() || ipproto.isEmpty()) {
            return reject(400, "target and ipproto must not be empty (RFC 9484 §3)");
        }
        switch (RequestScope.classifyTarget(target)) {
            case INVALID -> {
                return reject(
                        400,
                        "target is not \"*\", a host name, or an IP address or prefix with zero host bits (RFC 9484 §4.6)");
            }
            case HOSTNAME -> {
                return reject(501, "host-name targets are not supported: use an IP address or prefix (RFC 9484 §4.6)");
            }
            default -> {
                // "*" or a prefix: acceptable
            }
        }
        if (!RequestScope.isValidIpProto(ipproto)) {
            return reject(400, "ipproto is not \"*\" or a number in [0, 255] (RFC 9484 §4.6)");
        }
        return new Validation.Accepted(target, ipproto);
    }

    private static Validation reject(int status, String reason) {
        return new Validation.Rejected(status, reason);
    }

    /** The outcome of {@link #validate}. */
    public sealed interface Validation {

        /**
         * A valid request: decoded {@code target} and {@code ipproto}, "*" for any (RFC 9484 §4.6).
         */
        record Accepted(String target, String ipproto) implements Validation {

            /** The target prefix (a bare address as /32 or /128), or empty for "*". */
            public Optional<IpPrefix> targetPrefix() {
                return RequestScope.WILDCARD.equals(target) ? Optional.empty() : Optional.of(IpPrefix.parse(target));
            }

            /** The requested IP protocol, or empty for "*" (any; ICMP is always allowed, RFC 9484 §4.6). */
            public OptionalInt ipProtocol() {
                return RequestScope.WILDCARD.equals(ipproto)
                        ? OptionalInt.empty()
                        : OptionalInt.of(Integer.parseInt(ipproto));
            }
        }

        /** A request to refuse with {@code status}; {@code reason} names the rule and is safe to log. */
        record Rejected(int status, String reason) implements Validation {

            /** {@code :status}, plus {@code allow: CONNECT} for 405 (RFC 9110 §15.5.6: MUST send Allow). */
            public List<Map.Entry<String, String>> responseHeaders() {
                Map.Entry<String, String> statusHeader = Map.entry(":status", Integer.toString(status));
                return status == 405 ? List.of(statusHeader, Map.entry("allow", "CONNECT")) : List.of(statusHeader);
            }
        }
    }
}
