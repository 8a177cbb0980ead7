package io.quicroam.cli.kernel;

/** A client of the ping comparison: sends ICMP echo requests at a fixed pace and times the replies. */
interface Pinger {
    /** Sends {@code count} echo requests {@code intervalMillis} apart; the replies that came within a second. */
    RoundTrips ping(int count, double intervalMillis) throws Exception;
}
