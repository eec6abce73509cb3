package io.racex.cli;

import io.racex.RacexException;
import io.racex.history.CheckResult;
import io.racex.history.History;
import io.racex.history.HistoryReader;
import io.racex.history.HistoryReport;
import io.racex.history.Linearizability;
import io.racex.history.Model;
import io.racex.history.Models;
import io.racex.history.Verdict;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code racex check-history FILE --model M}: whether a recorded history (a load test's, a stress
 * run's, Jepsen's) is linearizable against a model. Exit 0 linearizable, 1 not, 2 bad input, 4
 * undecided within the time limit.
 */
@Command(name = "check-history", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Check a recorded history for linearizability against a model: JSON Lines of call and return events "
                + "(docs/histories.md), or a Jepsen history (EDN, one map per line) or log (jepsen.util lines).",
            "On a violation it prints the longest linearizable prefix and the operations that cannot be placed after it, and why."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:linearizable", "1:not linearizable", "2:bad usage or input (one line: file and line)", "3:internal error",
            "4:undecided: the --timeout ran out"})
final class CheckHistoryCommand implements Callable<Integer> {
    /** Exit code when the search ran out of time. */
    static final int UNDECIDED = 4;

    enum Format { text, json, html }

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The history: .jsonl, a Jepsen history.edn or a Jepsen log.")
    Path file;

    @Option(names = "--model", required = true, paramLabel = "MODEL",
            description = "register, kv, counter, set, queue, bank, or the class name of your own io.racex.history.Model on the classpath.")
    String model;

    @Option(names = "--init", paramLabel = "JSON",
            description = "The model's initial state as JSON, e.g. '{\"acct\": 100}' for bank (default: nil, empty, 0).")
    String init;

    @Option(names = "--format", defaultValue = "text", description = "Report format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the report to FILE instead of standard output.")
    Path output;

    @Option(names = "--input-format", defaultValue = "auto", paramLabel = "F",
            description = "auto, jsonl, jepsen-edn or jepsen-log (default: ${DEFAULT-VALUE}: told from the first line).")
    String inputFormat;

    @Option(names = "--no-split", description = "Check the whole history as one search, even when the model splits it (e.g. kv by key).")
    boolean noSplit;

    @Option(names = "--all-parts", description = "Check every part to the end, not only until the first part found not linearizable.")
    boolean allParts;

    @Option(names = "--timeout", defaultValue = "60", paramLabel = "S", description = "Give up after S seconds: exit 4 (default: ${DEFAULT-VALUE}).")
    double timeout;

    @Option(names = "--threads", paramLabel = "N", description = "Parts checked at once (default: one per core).")
    Integer threads;

    @Override
    public Integer call() {
        if (timeout <= 0 || (threads != null && threads < 1)) {
            throw new RacexException("--timeout must be positive and --threads at least 1");
        }
        Model<?> m = Models.byName(model, init == null ? null : HistoryReader.parseJson(init, "--init"));
        History h = HistoryReader.read(file, HistoryReader.Format.of(inputFormat));
        Linearizability.Options options = Linearizability.Options.defaults().withSplit(!noSplit).withAllParts(allParts)
                .withTimeout(Duration.ofMillis((long) (timeout * 1000)));
        if (threads != null) {
            options = options.withThreads(threads);
        }
        CheckResult r = Linearizability.check(h, m, options);
        String report = switch (format) {
            case text -> HistoryReport.text(r);
            case json -> HistoryReport.json(r);
            case html -> HistoryReport.html(r);
        };
        PrintWriter out = spec.commandLine().getOut();
        if (output != null) {
            try {
                Files.writeString(output, report, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new RacexException("cannot write " + output + ": " + e.getMessage(), e);
            }
            out.println("racex: " + r.verdict().id() + "; report written to " + output);
        } else {
            out.print(report);
        }
        out.flush();
        return r.verdict() == Verdict.LINEARIZABLE ? RacexCommand.OK : r.verdict() == Verdict.NOT_LINEARIZABLE ? RacexCommand.VIOLATION : UNDECIDED;
    }
}
