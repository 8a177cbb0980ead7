package io.quicroam.cli.kernel;

/** A client of the ping comparison: sends ICMP echo requests at a fixed pace and times the replies. */
interface Pinger {
    /** How long after the last echo left a reply may still come, at most (ping(8) -W). */
    int LINGER_SECONDS = 1;

    /** Sends {@code count} echo requests {@code intervalMillis} apart; the replies that came in time. */
    RoundTrips ping(int count, double intervalMillis) throws Exception;
}
