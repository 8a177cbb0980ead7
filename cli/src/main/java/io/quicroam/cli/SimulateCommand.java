package io.quicroam.cli;

import ch.qos.logback.classic.Level;
import io.quicroam.agent.Agent.Mode;
import io.quicroam.config.ConfigException;
import io.quicroam.config.Durations;
import io.quicroam.simulator.harness.Progress;
import io.quicroam.simulator.harness.SimulationRunner;
import io.quicroam.simulator.measure.SimulationResult;
import io.quicroam.simulator.measure.SoakCriteria;
import io.quicroam.simulator.measure.StrategyResult;
import io.quicroam.simulator.report.HtmlReport;
import io.quicroam.simulator.report.JsonReport;
import io.quicroam.simulator.report.SoakSummary;
import io.quicroam.simulator.report.SummaryTable;
import io.quicroam.simulator.scenario.Scenario;
import io.quicroam.simulator.scenario.ScenarioCatalog;
import io.quicroam.simulator.scenario.ScenarioLoader;
import io.quicroam.simulator.scenario.TimelineYaml;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code quicroam simulate}: runs a handover scenario over emulated links with a real gateway and agent in this
 * process, for one strategy or all of them on the same seed, and reports gaps, losses and session resets.
 */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = {
            "Reproduce a Wi-Fi/LTE handover in user space: a real gateway and agent over emulated links "
                    + "on loopback, with inner UDP flows through the tunnel; prints a summary table.",
            "Exit status: 0 when every strategy met the scenario's bounds, 1 when one did not (the bound is "
                    + "named), 2 for a scenario or --duration that cannot be read."
        })
final class SimulateCommand implements Callable<Integer> {
    /** What {@code --strategy} takes: one strategy, or all of them in turn. */
    enum Choice {
        BONDED,
        MIGRATE,
        RECONNECT,
        ALL
    }

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "SCENARIO",
            defaultValue = ScenarioCatalog.DEFAULT,
            description = "A scenario name from configs/scenarios or a path to a scenario YAML file "
                    + "(default ${DEFAULT-VALUE}).")
    String scenarioName;

    @Option(
            names = "--strategy",
            defaultValue = "bonded",
            paramLabel = "bonded|migrate|reconnect|all",
            description = "Which strategy to run; 'all' runs each on the same seed (default ${DEFAULT-VALUE}).")
    Choice strategy;

    @Option(names = "--seed", paramLabel = "N", description = "Seed for every random stream (default: the scenario's).")
    Long seed;

    @Option(names = "--json", paramLabel = "FILE", description = "Write every figure as JSON.")
    Path json;

    @Option(
            names = "--report",
            paramLabel = "DIR",
            description = "Write an HTML report with charts (viewable offline).")
    Path report;

    @Option(
            names = "--soak",
            description = "Judge the run as a long one too: no gap longer than the silent-failure "
                    + "bound + 1 s while a link works, heap after GC, threads and open files flat; prints its figures.")
    boolean soak;

    @Option(
            names = "--duration",
            paramLabel = "TIME",
            description = "Run this long instead of the scenario's duration, e.g. 1h with --soak for a long chaos "
                    + "run (flows that ran to the end still do; a generated timeline is drawn for the new length).")
    String duration;

    @Option(
            names = "--print-timeline",
            description = "Print the run's timeline (a generated one too, for the seed) "
                    + "as YAML and exit, e.g. to keep it as a fixed scenario.")
    boolean printTimeline;

    @Override
    public Integer call() throws Exception {
        Scenario scenario;
        try {
            scenario = ScenarioLoader.load(new ScenarioCatalog(scenarioFolders()).resolve(scenarioName));
        } catch (ScenarioCatalog.NotFound | ConfigException e) {
            System.err.println("quicroam simulate: " + e.getMessage());
            return 2;
        }
        if (seed != null) {
            scenario = scenario.withSeed(seed);
        }
        if (duration != null) {
            Optional<Duration> length = Durations.parseWithUnit(duration);
            try {
                scenario = scenario.withDuration(length.orElseThrow(
                        () -> new IllegalArgumentException("a duration with its unit, e.g. 10m or 1h")));
            } catch (IllegalArgumentException e) {
                System.err.println("quicroam simulate: --duration " + duration + ": " + e.getMessage());
                return 2;
            }
        }
        if (printTimeline) {
            System.out.print(TimelineYaml.write(scenario.events()));
            return 0;
        }
        try (QuietLogs quiet = QuietLogs.start()) {
            return run(scenario);
        }
    }

    private int run(Scenario scenario) throws Exception {
        List<Mode> strategies = strategy == Choice.ALL ? scenario.strategies() : List.of(Mode.valueOf(strategy.name()));
        if (strategies.size() < Mode.values().length) {
            System.err.println("not run: "
                    + Arrays.stream(Mode.values())
                            .filter(m -> !strategies.contains(m))
                            .map(Mode::label)
                            .collect(Collectors.joining(", "))
                    + " (the scenario's strategies: "
                    + scenario.strategies().stream().map(Mode::label).collect(Collectors.joining(", ")) + ")");
        }
        System.err.printf(
                "scenario %s (%s), seed %d, %d s per strategy%n",
                scenario.name(),
                scenario.source(),
                scenario.seed(),
                scenario.duration().toSeconds());
        SimulationResult result = new SimulationRunner(
                        Progress.stderr(), soak ? Optional.of(SoakCriteria.DEFAULT) : Optional.empty())
                .run(scenario, strategies);
        System.out.print(SummaryTable.render(result));
        result.results().forEach(r -> r.soak().ifPresent(s -> System.out.print(SoakSummary.render(r.strategy(), s))));
        if (json != null) {
            JsonReport.write(result, json);
            System.err.println("figures: " + json.toAbsolutePath());
        }
        if (report != null) {
            System.err.println("report: " + HtmlReport.write(result, report).toAbsolutePath());
        }
        for (StrategyResult r : result.results()) {
            r.failedBounds()
                    .forEach(b ->
                            System.err.println("bound failed: " + r.strategy().label() + ": " + b));
            if (r.error() != null) {
                System.err.println("run failed: " + r.strategy().label() + ": " + r.error());
            }
        }
        return result.passed() ? 0 : 1;
    }

    /**
     * Where shipped scenarios are: configs/scenarios under the working directory, beside an installed jar, or in
     * the clone the jar was built in (cli/target/quicroam.jar).
     */
    private static List<Path> scenarioFolders() {
        List<Path> folders = new ArrayList<>();
        folders.add(Path.of("configs", "scenarios"));
        try {
            Path jar = Path.of(SimulateCommand.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            Path dir = Files.isDirectory(jar) ? jar : jar.getParent();
            folders.add(dir.resolve("configs/scenarios"));
            folders.add(dir.resolve("../../configs/scenarios").normalize());
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            // no code location (unusual class loader): the working directory is still searched
        }
        return folders;
    }

    /**
     * The progress line and the summary are the output; the agent's per-handover INFO lines would interleave. The
     * level is put back afterwards: a simulation run inside another program (a test) must not silence it.
     */
    private record QuietLogs(ch.qos.logback.classic.Logger logger, Level before) implements AutoCloseable {
        static QuietLogs start() {
            if (System.getenv(LogLevel.OVERRIDE) == null
                    && LoggerFactory.getLogger("io.quicroam") instanceof ch.qos.logback.classic.Logger logger) {
                QuietLogs quiet = new QuietLogs(logger, logger.getLevel());
                logger.setLevel(Level.WARN);
                return quiet;
            }
            return new QuietLogs(null, null);
        }

        @Override
        public void close() {
            if (logger != null) {
                logger.setLevel(before);
            }
        }
    }
}
