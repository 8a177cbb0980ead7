package io.quicroam.pathmanager.health;

/** What showed that a path carrying traffic is fading, from its transport's own figures ({@link FadeDetector}). */
public enum FadeSignal {
    /** Smoothed RTT well above the path's own baseline: queues are building, the link is slowing down. */
    RTT_INFLATION,
    /** The transport declares a growing share of its packets lost. */
    LOSS,
    /** The path delivers less than the traffic sends, and its RTT is rising with the queue. */
    RATE
}
