package io.quicroam.gateway;

/**
 * Who a request comes from, as far as the gateway can tell: a name (the bearer token's client, else the client
 * certificate's subject, else "anonymous") and, when the client presented a certificate (mTLS), that certificate's
 * SHA-256 fingerprint. A session token is bound to the whole identity: another client's bearer token, or the same
 * bearer token from a connection with another certificate, cannot join the session.
 *
 * @param name        the client's name; may appear in DEBUG logs, never at INFO
 * @param certificate hex SHA-256 of the client certificate (DER), or null without one
 */
record ClientIdentity(String name, String certificate) {}
