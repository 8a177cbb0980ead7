package io.quicroam.simulator.harness;

import io.quicroam.agent.Agent.Mode;

/** Hears how a run is going, about ten times a second, on the harness's thread. */
public interface Progress {
    /** Silence. */
    Progress NONE = new Progress() {
        @Override
        public void update(
                Mode strategy, double atSeconds, double durationSeconds, String path, long sent, long received) {}

        @Override
        public void done(Mode strategy) {}
    };

    /**
     * @param path     the interface carrying traffic now ("-" when none)
     * @param sent     datagrams the flows sent so far
     * @param received echoes that came back so far
     */
    void update(Mode strategy, double atSeconds, double durationSeconds, String path, long sent, long received);

    /** The strategy's run has ended. */
    void done(Mode strategy);

    /** One line on standard error, rewritten in place. */
    static Progress stderr() {
        return new Progress() {
            @Override
            public void update(
                    Mode strategy, double atSeconds, double durationSeconds, String path, long sent, long received) {
                System.err.printf(
                        "\r%-9s %5.1f/%.0f s  path %-10s sent %8d  echoed %8d ",
                        strategy.label(), Math.max(atSeconds, 0), durationSeconds, path, sent, received);
                System.err.flush();
            }

            @Override
            public void done(Mode strategy) {
                System.err.println();
            }
        };
    }
}
