package io.quicroam.gateway;

/** What {@link AdmissionControl} decided about a CONNECT-IP request. */
sealed interface Admission {
    record Admitted(Session session) implements Admission {}

    /** @param status the HTTP status to answer with */
    record Refused(int status, String reason) implements Admission {}
}
