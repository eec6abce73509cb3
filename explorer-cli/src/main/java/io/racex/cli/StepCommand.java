package io.racex.cli;

import io.racex.Scenario;
import io.racex.engine.Stepper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import io.racex.RacexException;
import io.racex.strategy.Dpor;
import java.util.List;
import java.util.concurrent.Callable;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code racex step SCENARIO}: the student is the scheduler. On a terminal the session reads
 * choices with JLine (line editing, history); otherwise it reads one choice per line from standard
 * input, so a session can be scripted:
 *
 * <pre>
 * $ printf '1\n1\n2\n2\n2\n2\n1\n1\n' | racex step transfer     # ends at the lost update
 * </pre>
 */
@Command(name = "step", mixinStandardHelpOptions = true,
        description = "Step through a scenario yourself: choose which thread moves next, see each step's value and the state,"
                + " undo with u; at the end, the verdict and the replay token of the schedule you built.")
final class StepCommand implements Callable<Integer> {
    /** Set by tests to drive the interactive mode through a terminal of their own. */
    static volatile Terminal testTerminal;
    /** Set by tests to feed the scripted mode (standard input otherwise). */
    static volatile InputStream testInput;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "A sample name (see 'racex list'), a .race.yaml scenario file,"
            + " or with --classpath one @RacexTest method of a compiled class (com.example.SomeTest#method).")
    String scenario;

    @Option(names = {"--classpath", "-cp"}, paramLabel = "PATH",
            description = "Directories and jars holding a compiled test class; SCENARIO is then its @RacexTest method to step through.")
    String classpath;

    @Option(names = "--db", paramLabel = "DB",
            description = "Database of a SQL scenario: h2 (default, in memory), postgresql, mariadb, or a JDBC URL.")
    String db;

    @Option(names = "--max-steps", paramLabel = "N", defaultValue = "10000",
            description = "Step bound per execution (default: ${DEFAULT-VALUE}).")
    int maxSteps;

    @Override
    public Integer call() throws Exception {
        ExploreCommand.RunOptions run = new ExploreCommand.RunOptions();
        run.db = db;
        run.maxSteps = maxSteps;
        run.maxSchedules = 1;
        Scenario<?> s;
        String argument = scenario;
        if (classpath != null) {
            List<UserTests.Test> tests = UserTests.find(classpath, scenario);
            if (tests.size() != 1) {
                throw new RacexException(scenario + " has " + tests.size() + " @RacexTest methods; step through one: "
                        + tests.get(0).argument());
            }
            // one execution finds how many threads the body starts; its scenario is what the student steps through
            s = tests.get(0).explore(run.options().withMaxSchedules(1).withMinimize(false), Dpor::new, null).scenario();
            run.classpath = classpath;
            argument = tests.get(0).argument();
        } else {
            s = Scenarios.resolve(scenario, run.database());
        }
        String replay = run.replayHint(argument).line("").replaceFirst("\\s*--schedule\\s*$", "").strip();
        PrintWriter err = spec.commandLine().getErr();
        try (Stepper<?> stepper = new Stepper<>(s, run.options())) {
            Terminal terminal = testTerminal;
            if (terminal == null && testInput == null && System.console() != null) {
                terminal = TerminalBuilder.builder().system(true).build();
            }
            if (terminal != null) {
                return interactive(stepper, terminal, replay, err);
            }
            InputStream in = testInput != null ? testInput : System.in;
            BufferedReader lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            StepSession session = new StepSession(stepper, spec.commandLine().getOut(), err, replay);
            return session.run(prompt -> lines.readLine());
        }
    }

    private static int interactive(Stepper<?> stepper, Terminal terminal, String replay, PrintWriter err) throws IOException {
        try {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).build();
            PrintWriter out = terminal.writer();
            StepSession session = new StepSession(stepper, out, out, replay);
            return session.run(prompt -> {
                try {
                    return reader.readLine(prompt);
                } catch (UserInterruptException e) {
                    return "q";
                } catch (EndOfFileException e) {
                    return null;
                }
            });
        } finally {
            if (terminal != testTerminal) {
                terminal.close();
            }
        }
    }
}
