package io.racex.cli;

import io.racex.Scenario;
import io.racex.ExplorationResult;
import io.racex.engine.Explorer;
import io.racex.Options;
import io.racex.Schedule;
import io.racex.RacexException;
import io.racex.strategy.Dpor;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code racex replay SCENARIO --schedule TOKEN}: run exactly one schedule. */
@Command(name = "replay", mixinStandardHelpOptions = true, description = "Run exactly one schedule of a scenario, from its replay token.")
final class ReplayCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "A sample name (see 'racex list'), a .race.yaml scenario file,"
            + " or with --classpath a test method (com.example.SomeTest#method).")
    String scenario;

    @Option(names = "--schedule", required = true, paramLabel = "TOKEN",
            description = "The replay token, e.g. v1:1.1.2.2.2.2.1.1: every step of the execution (see docs/cli.md for its grammar).")
    String schedule;

    @Mixin
    ExploreCommand.RunOptions run;

    @Mixin
    OutputOptions output;

    @Override
    public Integer call() {
        // the token first: a malformed one is refused before any scenario (or database) is set up
        Options options = run.options();
        Schedule parsed = Schedule.parse(schedule, options.maxSteps());
        if (run.classpath != null) {
            List<UserTests.Test> tests = UserTests.find(run.classpath, scenario);
            if (tests.size() != 1) {
                throw new RacexException(scenario + " has " + tests.size() + " @RacexTest methods; a schedule replays one: name it as "
                        + tests.get(0).argument());
            }
            ExplorationResult r = tests.get(0).explore(options, Dpor::new, parsed).result();
            return output.emit(r, run.replayHint(tests.get(0).argument()), spec.commandLine().getOut());
        }
        Scenario<?> s = Scenarios.resolve(scenario, run.database());
        ExplorationResult r = new Explorer(options).replay(s, parsed);
        return output.emit(r, run.replayHint(scenario), spec.commandLine().getOut());
    }
}
