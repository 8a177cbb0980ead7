package io.quicroam.agent;

/**
 * Traffic moved from one path to another.
 *
 * @param atNanos       when the decision was made (the agent's monotonic clock)
 * @param from          the interface traffic left (a label, never an address), or "-" when none
 * @param to            the interface traffic went to
 * @param trigger       why: interface-down, probe-loss, preferred-returned, …
 * @param durationNanos from the decision to the first packet received on the new path; -1 while none came
 */
public record Handover(long atNanos, String from, String to, String trigger, long durationNanos) {
    Handover completed(long atNanosNow) {
        return new Handover(atNanos, from, to, trigger, atNanosNow - atNanos);
    }
}
