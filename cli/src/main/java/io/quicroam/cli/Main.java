package io.quicroam.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code quicroam} command. */
@Command(name = "quicroam", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "A tunnel agent for laptops that roam between networks: MASQUE CONNECT-IP over HTTP/3.",
        subcommands = {GatewayCommand.class, AgentCommand.class, StatusCommand.class, PathsCommand.class, ReloadCommand.class, InterfacesCommand.class, DemoCommand.class, BenchCommand.class,
                SimulateCommand.class,
                CommandLine.HelpCommand.class})
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        return new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Main.class.getPackage().getImplementationVersion();
            return new String[] {"quicroam " + (version == null ? "(development build)" : version)};
        }
    }
}
