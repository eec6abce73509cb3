package io.racex.cli;

import io.racex.Racex;
import io.racex.RacexException;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code racex} command. Exit codes: 0 no violation found, 1 violation found, 2 bad usage or
 * input (one line, no stack trace), 3 internal error.
 */
@Command(name = "racex", mixinStandardHelpOptions = true, versionProvider = RacexCommand.Version.class,
        description = "Race explorer: runs the steps of concurrent operations in every order that matters and reports the minimal failing schedule.",
        subcommands = {ListCommand.class, ExploreCommand.class, ReplayCommand.class, StepCommand.class, MatrixCommand.class, CleanCommand.class, BenchCommand.class, CheckHistoryCommand.class,
            CommandLine.HelpCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:no violation found", "1:violation found", "2:bad usage or input", "3:internal error"})
public final class RacexCommand implements Runnable {
    public static final int OK = 0;
    public static final int VIOLATION = 1;
    public static final int BAD_INPUT = 2;
    public static final int INTERNAL = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is missing; try 'racex --help'");
    }

    public static void main(String[] args) {
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line and returns its exit code (used by main and by tests). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new RacexCommand());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("racex: " + usageError(ex));
            return BAD_INPUT;
        });
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof RacexException) {
                err.println("racex: " + firstLine(ex.getMessage()));
                return BAD_INPUT;
            }
            err.println("racex: internal error: " + ex + " (please report this with the command you ran)");
            if (System.getenv("RACEX_DEBUG") != null) {
                ex.printStackTrace(err);
            }
            return INTERNAL;
        });
        return cl.execute(args);
    }

    /**
     * One line for a command line picocli could not read; for a mistyped command or option, with
     * picocli's suggestions: {@code unknown command 'explor'; did you mean explore?}.
     */
    static String usageError(CommandLine.ParameterException ex) {
        String line = firstLine(ex.getMessage());
        if (!(ex instanceof CommandLine.UnmatchedArgumentException u) || u.getUnmatched().isEmpty()) {
            return line;
        }
        CommandLine at = u.getCommandLine();
        String arg = u.getUnmatched().get(0);
        String name = at.getCommandSpec().qualifiedName();
        if (u.isUnknownOption()) {
            line = "unknown option '" + arg + "' for " + name;
        } else if (!at.getSubcommands().isEmpty()) {
            line = "unknown command '" + arg + "'";
        }
        List<String> suggestions = u.getSuggestions();
        if (!suggestions.isEmpty()) {
            line += "; did you mean " + String.join(" or ", suggestions.subList(0, Math.min(3, suggestions.size()))) + "?";
        }
        return line + " (try '" + name + " --help')";
    }

    static String firstLine(String s) {
        if (s == null) {
            return "unknown error";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    /** Prints the version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"racex " + Racex.version(), "Java " + System.getProperty("java.version")};
        }
    }
}
