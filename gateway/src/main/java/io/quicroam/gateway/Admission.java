package io.quicroam.gateway;

/** What {@link AdmissionControl} decided about a CONNECT-IP request. */
sealed interface Admission {
    /** @param token the session token this answer carries (fresh on every join), or null for a plain session */
    record Admitted(Session session, String token) implements Admission {}

    /** @param status the HTTP status to answer with */
    record Refused(int status, String reason) implements Admission {}
}
