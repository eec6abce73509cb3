package io.racex.cli;

import io.racex.RacexException;
import io.racex.Scenario;
import io.racex.Anomaly;
import io.racex.Counterexample;
import io.racex.ExplorationResult;
import io.racex.engine.Explorer;
import io.racex.Options;
import io.racex.store.jdbc.Database;
import io.racex.store.jdbc.Isolation;
import io.racex.store.jdbc.file.IsolationMatrix;
import io.racex.store.jdbc.file.IsolationMatrix.Mechanism;
import io.racex.store.jdbc.file.ScenarioFile;
import io.racex.store.jdbc.file.ScenarioFiles;
import io.racex.Execution;
import io.racex.OpResult;
import io.racex.Step;
import io.racex.Termination;
import io.racex.strategy.Dpor;
import io.racex.SchedulingView;
import io.racex.strategy.ForwardingStrategy;
import io.racex.Strategy;
import io.racex.store.Refusal;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code racex matrix SCENARIO --db h2,postgresql,mariadb}: runs a scenario file at each isolation
 * level on each database and prints which levels let its violation through and which prevent it,
 * and how. Each thread runs as one transaction at the level (isolation only means something for a
 * transaction), and a transaction the database refuses (40001, 40P01) is rolled back and run again,
 * so "prevented" means the scenario ends correct, not merely that it raised an error.
 *
 * <p>A cell's mechanisms are read from the steps of every execution explored: a step that waited
 * for a lock is "blocked"; a step the database refused ({@link Refusal}) to break a lock cycle is
 * "deadlock" (PostgreSQL's 40P01, MariaDB's error 1213, H2's deadlock victim), any other refusal
 * "serialization failure" (H2 words both "Deadlock detected"; the store tells them apart). A
 * "prevented" cell names every mechanism seen, most frequent first, with the number of executions
 * that show it: racex cannot tell which of them kept the check from failing (a wait in one
 * execution may be harmless, a refusal in another the one that mattered), so it says what it saw
 * and how often rather than picking one.
 */
@Command(name = "matrix", mixinStandardHelpOptions = true,
        description = "Run a scenario file at each isolation level on each database and print which levels let the violation "
                + "through and which prevent it (blocked, serialization failure, deadlock).",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:the matrix was computed", "2:bad usage or input (a malformed file, an unreachable database)"})
final class MatrixCommand implements Callable<Integer> {
    static final List<Isolation> LEVELS = List.of(Isolation.READ_UNCOMMITTED, Isolation.READ_COMMITTED,
            Isolation.REPEATABLE_READ, Isolation.SERIALIZABLE);
    /** SQLSTATEs of a transaction the database gave up on: serialization failure, deadlock. */
    static final Set<String> REFUSED = Set.of("40001", "40P01");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SCENARIO",
            description = "A .race.yaml file, or the name of a shipped file sample (e.g. find-and-update).")
    String scenario;

    @Option(names = "--db", paramLabel = "DB[,DB...]", defaultValue = "h2", split = ",",
            description = "Databases, comma-separated: h2, postgresql, mariadb or JDBC URLs (default: ${DEFAULT-VALUE}).")
    List<String> databases;

    @Option(names = "--levels", paramLabel = "LEVEL[,LEVEL...]", split = ",",
            description = "Isolation levels (default: read-uncommitted, read-committed, repeatable-read, serializable).")
    List<String> levels;

    @Option(names = "--attempts", paramLabel = "N", defaultValue = "3",
            description = "Attempts a refused transaction gets (default: ${DEFAULT-VALUE}).")
    int attempts;

    @CommandLine.Mixin
    ProgressLine.Options progress;

    @Option(names = "--max-schedules", paramLabel = "N", defaultValue = "100000",
            description = "Stop each cell's search after N executions (default: ${DEFAULT-VALUE}).")
    long maxSchedules;

    @Override
    public Integer call() {
        if (attempts < 1 || attempts > 20) {
            throw new RacexException("--attempts must be from 1 to 20, was " + attempts);
        }
        ScenarioFile file = Scenarios.file(scenario);
        Map<String, Database> dbs = new LinkedHashMap<>();
        for (String d : databases) {
            Database db = Database.parse(d);
            dbs.putIfAbsent(db.option(), db);
        }
        List<Isolation> lv = new ArrayList<>();
        for (String l : levels == null ? List.<String>of() : levels) {
            Isolation i = Isolation.parse(l);
            if (!lv.contains(i)) {
                lv.add(i);
            }
        }
        if (lv.isEmpty()) {
            lv.addAll(LEVELS);
        }
        Options options = Options.defaults().withMaxSchedules(maxSchedules);
        List<IsolationMatrix.Row> rows = new ArrayList<>();
        int cells = lv.size() * dbs.size();
        try (ProgressLine line = progress.start(spec.commandLine().getErr(), -1)) {
            for (Isolation level : lv) {
                for (Map.Entry<String, Database> db : dbs.entrySet()) {
                    line.search("cell " + (rows.size() + 1) + " of " + cells + ": " + db.getKey() + " at " + level.sqlName());
                    rows.add(new IsolationMatrix.Row(db.getKey(), level.name(),
                            cell(file, db.getValue(), level, attempts, options, line)));
                }
            }
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(render(file, rows, attempts));
        out.flush();
        return RacexCommand.OK;
    }

    /** The command's whole output for these rows. */
    static String render(ScenarioFile file, List<IsolationMatrix.Row> rows, int attempts) {
        // a thread whose steps COMMIT or ROLLBACK runs one transaction per part, each at the level shown
        boolean parts = file.threads().stream().anyMatch(t -> t.steps().stream().anyMatch(st -> st.sql().endsTransaction()));
        return "racex matrix: " + file.name() + " (" + file.source() + ")\n"
                + (parts ? "each thread runs its transactions (one per COMMIT or ROLLBACK step) at the level shown;\n"
                        + "a transaction the database refuses (40001, 40P01)\n"
                        : "each thread runs as one transaction at the level shown; a transaction the database refuses (40001, 40P01)\n")
                + "is rolled back and run again, at most " + attempts + " attempts; the schedules are one for each order of\n"
                + "the statements that conflict (as racex explore runs them)\n\n"
                + IsolationMatrix.render(rows) + "\n"
                + "violation   some schedule breaks the scenario's check (the anomaly named where one fits)\n"
                + "prevented   every schedule ends correct and the database stepped in, each way it did named with the\n"
                + "            number of schedules that show it, most frequent first: blocked (a statement waited for the\n"
                + "            other transaction's lock), serialization failure, deadlock (it refused a transaction, which\n"
                + "            ran again); which of them kept the check from failing is not told apart. N refused at every\n"
                + "            attempt: schedules whose transaction was still refused after " + attempts + " attempts (data correct)\n"
                + "passes      every schedule ends correct and the database never had to step in\n"
                + "... so far  --max-schedules stopped the search before every schedule ran: not a verdict\n";
    }

    /**
     * Explores the file at one level on one database and says what happened. The search is the one
     * {@code racex explore} runs by default, optimal DPOR: one execution per class of equivalent
     * schedules (the same order of every pair of conflicting statements), so a complete search that
     * finds no violation covers every schedule, as an exhaustive depth-first search would, in far
     * fewer executions (hermitage-otv's three transactions: minutes per cell depth-first, seconds
     * with DPOR). The counts a "prevented" cell shows are of these executions.
     */
    static IsolationMatrix.Outcome cell(ScenarioFile file, Database db, Isolation level, int attempts, Options options,
            Explorer.Progress progress) {
        Scenario<Connection> s = ScenarioFiles.compile(file, db,
                new ScenarioFiles.Variant(Optional.of(level), true, REFUSED, attempts));
        Observing strategy = new Observing(new Dpor());
        ExplorationResult r;
        try {
            r = new Explorer(options).progress(progress).explore(s, strategy);
        } catch (RacexException e) {
            if (unsupported(e)) {
                return new IsolationMatrix.NotSupported();
            }
            throw new RacexException(db.option() + " at " + level.sqlName() + ": " + RacexCommand.firstLine(e.getMessage()), e);
        }
        if (r.failed()) {
            Counterexample c = r.counterexample().orElseThrow();
            if (!refusedToTheEnd(c.execution())) {
                return new IsolationMatrix.Violation(c.anomaly().map(Anomaly::fullName));
            }
            // the violation kept (the least by preemptions) only ran out of attempts; another may be a real one
            if (strategy.violated != null) {
                return new IsolationMatrix.Violation(Anomaly.classify(strategy.violated.steps()).map(Anomaly::fullName));
            }
            if (!strategy.sawRefusal()) {
                return new IsolationMatrix.Violation(c.anomaly().map(Anomaly::fullName));
            }
        }
        IsolationMatrix.Outcome seen = strategy.executionsWith.isEmpty() ? new IsolationMatrix.Passes()
                : new IsolationMatrix.Prevented(strategy.executionsWith, strategy.counted, strategy.refusedToTheEnd);
        // a search cut short by --max-schedules saw no violation yet: that is no verdict, and the cell says so
        return r.complete() ? seen : new IsolationMatrix.Unfinished(seen, r.schedules());
    }

    /**
     * Whether a failing execution's fault is a transaction the database still refused after the
     * last attempt: the level kept the data correct, the retry budget ran out. Only an execution
     * that ran to its end has a thread's result to show it.
     */
    static boolean refusedToTheEnd(Execution e) {
        if (e.termination() != Termination.COMPLETED) {
            return false;
        }
        for (List<OpResult> thread : e.results()) {
            for (OpResult r : thread) {
                if (r != null && r.isException() && String.valueOf(r.message()).contains("(SQLSTATE 40")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The mechanism a step's value shows, if it is a refusal by the database: the store tells a
     * deadlock victim (a lock cycle, which on H2 its 40001 message does not say) from a serialization failure.
     */
    static Optional<Mechanism> mechanism(Object value) {
        if (value instanceof Refusal r) {
            return Optional.of(r.refusal() == Refusal.Kind.DEADLOCK ? Mechanism.DEADLOCK : Mechanism.SERIALIZATION_FAILURE);
        }
        return Optional.empty();
    }

    private static boolean unsupported(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLFeatureNotSupportedException
                    || (t instanceof java.sql.SQLException s && s.getSQLState() != null && s.getSQLState().startsWith("0A"))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Runs a strategy and counts, over the executions the search counts, how many show each way
     * the database stepped in (an execution counts once per mechanism however often it shows it),
     * and sorts the violating executions into those that only ran out of attempts and the others.
     */
    static final class Observing extends ForwardingStrategy {
        /** Per mechanism, the counted executions that show it at least once. */
        final Map<Mechanism, Long> executionsWith = new EnumMap<>(Mechanism.class);
        /** Executions the search counted (not abandoned ones, nor those run only to reach others). */
        long counted;
        /** Violating executions whose fault is a transaction refused at every attempt ({@link #refusedToTheEnd}). */
        long refusedToTheEnd;
        /** The least violating execution by {@link Explorer#MINIMAL} that is not only out of attempts, or null. */
        Execution violated;

        Observing(Strategy inner) {
            super(inner);
        }

        @Override
        public void endExecution(Execution execution) {
            inner.endExecution(execution);
            // the explorer judges only these (counts is a pure question of the strategy): the denominator must match
            if (execution.termination() == Termination.PRUNED || !inner.counts(execution)) {
                return;
            }
            counted++;
            Set<Mechanism> here = EnumSet.noneOf(Mechanism.class);
            for (Step s : execution.steps()) {
                if (s.waited()) {
                    here.add(Mechanism.BLOCKED);
                }
                mechanism(s.value()).ifPresent(here::add);
            }
            for (Mechanism m : here) {
                executionsWith.merge(m, 1L, Long::sum);
            }
        }

        @Override
        public AfterViolation violationFound(Execution execution) {
            if (MatrixCommand.refusedToTheEnd(execution)) {
                refusedToTheEnd++;
            } else if (violated == null || Explorer.MINIMAL.compare(execution, violated) < 0) {
                violated = execution;
            }
            return inner.violationFound(execution);
        }

        /** Whether some counted execution had a transaction refused (serialization failure or deadlock). */
        boolean sawRefusal() {
            return executionsWith.containsKey(Mechanism.SERIALIZATION_FAILURE) || executionsWith.containsKey(Mechanism.DEADLOCK);
        }
    }
}
