package io.quicroam.gateway;

import io.quicroam.transport.DropCounter;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides what a CONNECT-IP request gets: authenticates it, then opens a session with fresh addresses, or — with
 * quicroam's extension and a session token — joins the session the token names (docs/extension.md), answering with
 * the session's next token.
 */
final class AdmissionControl {
    private final Authenticator authenticator;
    private final boolean extension;
    private final SessionTokens tokensIssued;
    private final SessionRegistry sessions;
    private final AddressAssigner addresses;
    private final SessionQuota quota;
    private final DropCounter drops;
    private final AtomicLong sessionIds = new AtomicLong();

    /** @param drops where the new sessions count their downlink drops */
    AdmissionControl(
            Authenticator authenticator,
            boolean extension,
            SessionTokens tokensIssued,
            SessionRegistry sessions,
            AddressAssigner addresses,
            SessionQuota quota,
            DropCounter drops) {
        this.authenticator = authenticator;
        this.extension = extension;
        this.tokensIssued = tokensIssued;
        this.sessions = sessions;
        this.addresses = addresses;
        this.quota = quota;
        this.drops = drops;
    }

    /**
     * @param offer     the extension's request header: "?1" asks for a session token
     * @param joinToken the extension's join header, or null
     */
    Admission admit(
            CharSequence authorization,
            Authenticator.PeerCertificates peer,
            CharSequence offer,
            CharSequence joinToken) {
        Optional<ClientIdentity> authenticated = authenticator.identify(authorization, peer);
        if (authenticated.isEmpty()) {
            return new Admission.Refused(401, authorization == null ? "no bearer token" : "invalid bearer token");
        }
        ClientIdentity client = authenticated.get();
        if (joinToken != null && extension) {
            Optional<Session> joined = tokensIssued.redeem(joinToken.toString(), client);
            if (joined.isEmpty() || !sessions.contains(joined.get())) {
                return new Admission.Refused(403, "session token unknown, expired or issued to another client");
            }
            Admission.Refused full = quota.join(joined.get());
            return full != null
                    ? full
                    : new Admission.Admitted(joined.get(), tokensIssued.rotate(joined.get(), client));
        }
        Admission.Refused over = quota.take(client.name());
        if (over != null) {
            return over;
        }
        Optional<AddressAssigner.Addresses> fresh = addresses.allocate();
        if (fresh.isEmpty() && quota.reclaimAddresses(addresses)) {
            fresh = addresses.allocate();
        }
        if (fresh.isEmpty()) {
            quota.give(client.name());
            return quota.poolExhausted();
        }
        boolean extended = extension && offer != null && "?1".contentEquals(offer);
        String token = extended ? tokensIssued.issue() : null;
        Session session = new Session(sessionIds.incrementAndGet(), client.name(), token, drops);
        session.assign(fresh.get().v4(), 0, fresh.get().v6(), 0);
        sessions.put(session);
        if (token != null) {
            tokensIssued.register(token, session, client);
        }
        return new Admission.Admitted(session, token);
    }
}
