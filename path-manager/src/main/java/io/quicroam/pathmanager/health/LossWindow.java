package io.quicroam.pathmanager.health;

/** Loss over the last N probes: a ring of answered/lost outcomes. */
public final class LossWindow {
    private final boolean[] lost;
    private int next;
    private int count;
    private int lostCount;

    public LossWindow(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("loss window must hold at least one probe: " + size);
        }
        this.lost = new boolean[size];
    }

    public void record(boolean wasLost) {
        if (count == lost.length) {
            if (lost[next]) {
                lostCount--;
            }
        } else {
            count++;
        }
        lost[next] = wasLost;
        if (wasLost) {
            lostCount++;
        }
        next = (next + 1) % lost.length;
    }

    /** Forgets every outcome. */
    public void clear() {
        next = 0;
        count = 0;
        lostCount = 0;
    }

    /** Lost share of the probes in the window; 0 when empty. */
    public double lossRatio() {
        return count == 0 ? 0 : (double) lostCount / count;
    }

    public int size() {
        return count;
    }
}
