package io.quicroam.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code quicroam} command. */
@Command(
        name = "quicroam",
        mixinStandardHelpOptions = true,
        versionProvider = Main.Version.class,
        description = "A tunnel agent for laptops that roam between networks: MASQUE CONNECT-IP over HTTP/3.",
        subcommands = {
            GatewayCommand.class,
            AgentCommand.class,
            StatusCommand.class,
            PathsCommand.class,
            ReloadCommand.class,
            InterfacesCommand.class,
            DemoCommand.class,
            BenchCommand.class,
            SimulateCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        return new CommandLine(new Main())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(new OneLineFailure())
                .execute(args);
    }

    /** {@code quicroam --version}: the Maven version, the commit and the build time, as the build recorded them. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() throws IOException {
            Properties build = new Properties();
            try (InputStream in = Main.class.getResourceAsStream("build.properties")) {
                if (in != null) {
                    build.load(in);
                }
            }
            String version = build.getProperty("git.build.version", "(version unknown: built without Maven)");
            String commit = build.getProperty("git.commit.id.abbrev", "unknown");
            if (Boolean.parseBoolean(build.getProperty("git.dirty"))) {
                commit += "-dirty";
            }
            return new String[] {
                "quicroam " + version + " (commit " + commit + ", built "
                        + build.getProperty("git.build.time", "unknown") + ")"
            };
        }
    }
}
