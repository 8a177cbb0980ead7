package io.quicroam.masque;

import io.quicroam.masque.ip.IpAddresses;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The URI Template (RFC 6570) that configures a CONNECT-IP client, such as
 * {@code https://proxy.example:4443/.well-known/masque/ip/{target}/{ipproto}/} (RFC 9484 §3). Variables
 * {@code target} and {@code ipproto} may sit in path segments or in a query ({@code {?target,ipproto}},
 * {@code {&target,ipproto}}); other variables are allowed and expand as undefined. A template without
 * variables is used as-is.
 *
 * <p>Parsing enforces RFC 9484 §3: level 3 or lower; absolute, with a non-empty scheme (https: the tunnel
 * runs over HTTP/3, RFC 9484 §4), authority and a path starting with "/"; variables only in path and
 * query; ASCII 0x21-0x7E only; no "+", "#", ".", "/" or ";" operators.
 */
public final class UriTemplate {

    /** Value characters a matcher accepts: RFC 3986 pchar minus the delimiters this grammar needs ("," "&" "="). */
    private static final String VALUE = "(?:[A-Za-z0-9\\-._~!$'()*+;:@]|%[0-9A-Fa-f]{2})*";
    /** A character that never appears in a {@link #VALUE}. */
    private static final Pattern SEPARATOR = Pattern.compile("[^A-Za-z0-9\\-._~!$'()*+;:@%]");

    private static final Pattern VARNAME =
            Pattern.compile("(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})+(?:\\.(?:[A-Za-z0-9_]|%[0-9A-Fa-f]{2})+)*");
    private static final Pattern PORT = Pattern.compile("[0-9]{1,5}");
    private static final Pattern REG_NAME = Pattern.compile("(?:[A-Za-z0-9\\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})+");

    private final String template;
    private final String authority;
    private final String host;
    private final int port;
    private final List<Part> parts;
    private final Pattern matcher;
    private final List<Expression> groups;

    private sealed interface Part permits Literal, Expression {}

    private record Literal(String text) implements Part {}

    /** An expression: operator ("" simple, "?" form query, "&" query continuation) and variable names. */
    private record Expression(String operator, List<String> names) implements Part {}

    private UriTemplate(String template, String authority, String host, int port, List<Part> parts) {
        this.template = template;
        this.authority = authority;
        this.host = host;
        this.port = port;
        this.parts = parts;
        List<Expression> expressions = new ArrayList<>();
        this.matcher = Pattern.compile(matcherRegex(parts, expressions));
        this.groups = List.copyOf(expressions);
    }

    /** Parses and checks a template; IllegalArgumentException saying which RFC 9484 §3 rule it breaks. */
    public static UriTemplate parse(String template) {
        if (template == null || template.isEmpty()) {
            throw new IllegalArgumentException("URI template is empty");
        }
        for (int i = 0; i < template.length(); i++) {
            char c = template.charAt(i);
            if (c < 0x21 || c > 0x7E) {
                throw new IllegalArgumentException("URI template may only contain ASCII 0x21-0x7E (RFC 9484 §3); "
                        + "found 0x" + Integer.toHexString(c) + " at index " + i);
            }
        }
        int schemeEnd = template.indexOf("://");
        if (schemeEnd <= 0) {
            throw new IllegalArgumentException("URI template must be absolute: scheme://authority/path (RFC 9484 §3)");
        }
        if (!template.substring(0, schemeEnd).equalsIgnoreCase("https")) {
            throw new IllegalArgumentException("URI template scheme must be https (RFC 9484 §4)");
        }
        int authorityStart = schemeEnd + 3;
        int pathStart = authorityStart;
        while (pathStart < template.length() && "/?{#".indexOf(template.charAt(pathStart)) < 0) {
            pathStart++;
        }
        String authority = template.substring(authorityStart, pathStart);
        if (pathStart < template.length() && template.charAt(pathStart) == '{') {
            throw new IllegalArgumentException("URI template variables must be within the path or query (RFC 9484 §3)");
        }
        if (pathStart == template.length() || template.charAt(pathStart) != '/') {
            throw new IllegalArgumentException(
                    "URI template path must start with \"/\" right after the authority (RFC 9484 §3)");
        }
        HostPort hostPort = HostPort.parse(authority);
        return new UriTemplate(
                template, authority, hostPort.host, hostPort.port, parseParts(template.substring(pathStart)));
    }

    /** "https". */
    public String scheme() {
        return "https";
    }

    /** The authority exactly as written: host[:port], an IPv6 host in brackets. */
    public String authority() {
        return authority;
    }

    /** The host without brackets. */
    public String host() {
        return host;
    }

    /** The port, 443 when the template names none. */
    public int port() {
        return port;
    }

    /**
     * Whether an {@code :authority} names this template's origin: same host (case-insensitive) and port,
     * a missing port meaning 443 (RFC 9110 §4.2.3 normalization).
     */
    public boolean authorityMatches(String requestAuthority) {
        try {
            HostPort other = HostPort.parse(requestAuthority);
            return other.host.equalsIgnoreCase(host) && other.port == port;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Expands the template into the {@code :path} value (path and query). Values must be non-empty
     * (RFC 9484 §3). They are percent-encoded as RFC 6570 §3.2.2 does, except that "*" stays literal as in
     * RFC 9484's own examples ({@code /.well-known/masque/ip/*}{@code /*}{@code /}); a proxy decodes either.
     * So an IPv6 target's ":" becomes %3A and a prefix's "/" becomes %2F (RFC 9484 §4.6).
     */
    public String expand(String target, String ipproto) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("target", requireValue("target", target));
        values.put("ipproto", requireValue("ipproto", ipproto));
        StringBuilder out = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Literal literal) {
                out.append(literal.text());
                continue;
            }
            Expression e = (Expression) part;
            boolean first = true;
            for (String name : e.names()) {
                String value = values.get(name);
                if (value == null) {
                    continue; // undefined variables expand to nothing (RFC 6570 §2.3)
                }
                if (e.operator().isEmpty()) {
                    out.append(first ? "" : ",");
                } else {
                    out.append(first && e.operator().equals("?") ? "?" : "&")
                            .append(name)
                            .append('=');
                }
                out.append(encode(value));
                first = false;
            }
        }
        return out.toString();
    }

    /**
     * Server side: whether {@code path} (a request's {@code :path}) is an expansion of this template.
     * Returns the percent-decoded value of every variable present; a variable in a query expression may
     * be absent (RFC 9484 §4.6 then means "*").
     */
    public Optional<Map<String, String>> match(String path) {
        if (path == null) {
            return Optional.empty();
        }
        Matcher m = matcher.matcher(path);
        if (!m.matches()) {
            return Optional.empty();
        }
        Map<String, String> values = new LinkedHashMap<>();
        int group = 1;
        for (Expression e : groups) {
            if (e.operator().isEmpty()) {
                for (String name : e.names()) {
                    String raw = m.group(group++);
                    if (raw != null) {
                        values.put(name, decode(raw)); // names are unique in a template: no clash
                    }
                }
                continue;
            }
            String run = m.group(group++);
            if (run == null || run.isEmpty()) {
                continue;
            }
            for (String pair : run.substring(1).split("&")) {
                int eq = pair.indexOf('=');
                if (values.put(pair.substring(0, eq), decode(pair.substring(eq + 1))) != null) {
                    return Optional.empty(); // a variable given twice
                }
            }
        }
        return Optional.of(values);
    }

    @Override
    public String toString() {
        return template;
    }

    private static String requireValue(String name, String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("\"" + name + "\" must not be empty; use \"*\" for any (RFC 9484 §3)");
        }
        return value;
    }

    private static List<Part> parseParts(String pathAndQuery) {
        List<Part> parts = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        int i = 0;
        while (i < pathAndQuery.length()) {
            int open = pathAndQuery.indexOf('{', i);
            String literal = pathAndQuery.substring(i, open < 0 ? pathAndQuery.length() : open);
            if (!literal.isEmpty()) {
                checkLiteral(literal);
                parts.add(new Literal(literal));
            }
            if (open < 0) {
                break;
            }
            int close = pathAndQuery.indexOf('}', open);
            if (close < 0) {
                throw new IllegalArgumentException("URI template has an unclosed \"{\"");
            }
            Expression expression = parseExpression(pathAndQuery.substring(open + 1, close), seen);
            if (expression.operator().isEmpty()) {
                requireSeparatorBefore(parts);
            }
            parts.add(expression);
            i = close + 1;
        }
        return List.copyOf(parts);
    }

    /**
     * A simple expression after another one needs a literal between them holding a character no value can contain
     * ("/" in RFC 9484's own examples): with "{ipproto}{target}", or "{a}u{target}" when {a} is undefined, one
     * value runs into the next and the proxy, which must recover both (RFC 9484 §4.6), cannot tell where (RFC 6570
     * §1.4: templates are not reversible in general). Query expressions start with their own "?" or "&".
     */
    private static void requireSeparatorBefore(List<Part> parts) {
        int last = parts.size() - 1;
        String between;
        if (last >= 0 && parts.get(last) instanceof Expression) {
            between = "";
        } else if (last >= 1 && parts.get(last - 1) instanceof Expression) {
            between = ((Literal) parts.get(last)).text();
        } else {
            return;
        }
        if (!SEPARATOR.matcher(between).find()) {
            throw new IllegalArgumentException("URI template variables need a separator between them that no value "
                    + "contains, e.g. {target}/{ipproto}; not '" + between + "' (RFC 9484 §3, §4.6)");
        }
    }

    private static void checkLiteral(String literal) {
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if ("}\"'<>\\^`|#".indexOf(c) >= 0) {
                throw new IllegalArgumentException("URI template literal may not contain '" + c + "' (RFC 6570 §2.1)");
            }
            if (c == '%'
                    && !(i + 2 < literal.length() && isHex(literal.charAt(i + 1)) && isHex(literal.charAt(i + 2)))) {
                throw new IllegalArgumentException("URI template has a '%' not followed by two hex digits");
            }
        }
    }

    private static Expression parseExpression(String body, Set<String> seen) {
        if (body.isEmpty()) {
            throw new IllegalArgumentException("URI template has an empty expression \"{}\"");
        }
        char first = body.charAt(0);
        String operator = "";
        if (first == '?' || first == '&') {
            operator = String.valueOf(first);
            body = body.substring(1);
        } else if ("+#./;".indexOf(first) >= 0) {
            throw new IllegalArgumentException("URI template operator '" + first + "' is not allowed (RFC 9484 §3)");
        } else if ("=,!@|".indexOf(first) >= 0) {
            throw new IllegalArgumentException("URI template operator '" + first + "' is reserved (RFC 6570 §2.2)");
        }
        List<String> names = new ArrayList<>();
        for (String name : body.split(",", -1)) {
            if (name.endsWith("*") || name.contains(":")) {
                throw new IllegalArgumentException(
                        "URI template value modifiers are level 4; at most level 3 is allowed (RFC 9484 §3)");
            }
            if (!VARNAME.matcher(name).matches()) {
                throw new IllegalArgumentException("URI template variable name is invalid (RFC 6570 §2.3)");
            }
            if (!seen.add(name)) {
                throw new IllegalArgumentException("URI template names variable \"" + name + "\" twice");
            }
            names.add(name);
        }
        return new Expression(operator, List.copyOf(names));
    }

    /** One regex for the whole path+query; fills {@code groups} with the expression of each group, in order. */
    private static String matcherRegex(List<Part> parts, List<Expression> groups) {
        StringBuilder regex = new StringBuilder();
        for (Part part : parts) {
            if (part instanceof Literal literal) {
                regex.append(Pattern.quote(literal.text()));
                continue;
            }
            Expression e = (Expression) part;
            groups.add(e);
            if (e.operator().isEmpty()) {
                // defined values joined by "," (RFC 6570 §3.2.2); later ones may be undefined
                regex.append('(').append(VALUE).append(')');
                for (int i = 1; i < e.names().size(); i++) {
                    regex.append("(?:,(").append(VALUE).append("))?");
                }
                continue;
            }
            StringBuilder names = new StringBuilder("(?:");
            for (int i = 0; i < e.names().size(); i++) {
                names.append(i == 0 ? "" : "|").append(Pattern.quote(e.names().get(i)));
            }
            String pair = names.append(")=").append(VALUE).toString();
            if (e.operator().equals("?")) {
                regex.append("((?:\\?")
                        .append(pair)
                        .append(")(?:&")
                        .append(pair)
                        .append(")*)?");
            } else {
                regex.append("((?:&").append(pair).append(")*)");
            }
        }
        return regex.toString();
    }

    private static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xFF);
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~*".indexOf(c) >= 0) {
                out.append(c);
            } else {
                out.append('%').append(String.format(Locale.ROOT, "%02X", b & 0xFF));
            }
        }
        return out.toString();
    }

    private static String decode(String raw) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                bytes.write(Integer.parseInt(raw, i + 1, i + 3, 16));
                i += 2;
            } else {
                bytes.write(c);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(char c) {
        return Character.digit(c, 16) >= 0;
    }

    /** An authority split into host and port: {@code host[:port]} or {@code [v6][:port]}, no userinfo. */
    private record HostPort(String host, int port) {

        static HostPort parse(String authority) {
            if (authority == null || authority.isEmpty()) {
                throw new IllegalArgumentException("URI template authority is empty (RFC 9484 §3)");
            }
            if (authority.indexOf('@') >= 0) {
                throw new IllegalArgumentException("authority must not carry userinfo (RFC 9110 §4.2.4)");
            }
            String host;
            String rest;
            if (authority.startsWith("[")) {
                int close = authority.indexOf(']');
                if (close < 0) {
                    throw new IllegalArgumentException("authority has an unclosed \"[\"");
                }
                host = authority.substring(1, close);
                if (host.indexOf(':') < 0 || IpAddresses.parseLiteral(host) == null) {
                    throw new IllegalArgumentException("authority has an invalid IPv6 literal");
                }
                rest = authority.substring(close + 1);
            } else {
                int colon = authority.indexOf(':');
                host = colon < 0 ? authority : authority.substring(0, colon);
                rest = colon < 0 ? "" : authority.substring(colon);
                if (!REG_NAME.matcher(host).matches()) {
                    throw new IllegalArgumentException("authority host is empty or has invalid characters");
                }
            }
            if (rest.isEmpty()) {
                return new HostPort(host, 443);
            }
            String port = rest.substring(1);
            if (rest.charAt(0) != ':'
                    || !PORT.matcher(port).matches()
                    || Integer.parseInt(port) == 0
                    || Integer.parseInt(port) > 65_535) {
                throw new IllegalArgumentException("authority port must be a number in [1, 65535]");
            }
            return new HostPort(host, Integer.parseInt(port));
        }
    }
}
