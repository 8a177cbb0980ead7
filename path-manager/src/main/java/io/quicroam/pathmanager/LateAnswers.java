package io.quicroam.pathmanager;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The send times of a path's last few probes that were counted lost: an answer that comes after its probe's timeout
 * still measures the path ({@link io.quicroam.pathmanager.health.PathHealth#lateAnswer}). Bounded: an answer later
 * than {@link #KEPT} further losses is only proof of life. On the path manager's thread.
 */
final class LateAnswers {
    static final int KEPT = 16;

    private final Map<Long, Long> sentNanos = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Long, Long> eldest) {
            return size() > KEPT;
        }
    };

    /** Probe {@code sequence}, sent at {@code sentNanos}, was counted lost. */
    void lost(long sequence, long sentNanos) {
        this.sentNanos.put(sequence, sentNanos);
    }

    /** When probe {@code sequence} was sent, if it was counted lost lately; forgets it (one answer, one sample). */
    OptionalLong sentNanos(long sequence) {
        Long sent = sentNanos.remove(sequence);
        return sent == null ? OptionalLong.empty() : OptionalLong.of(sent);
    }
}
