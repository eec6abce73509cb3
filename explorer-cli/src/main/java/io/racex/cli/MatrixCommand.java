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
import io.racex.strategy.DepthFirst;
import io.racex.SchedulingView;
import io.racex.strategy.ForwardingStrategy;
import io.racex.Strategy;
import io.racex.store.Refusal;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
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
 * <p>A cell's mechanism is read from the steps of every execution explored: a step that waited for
 * a lock is "blocked"; a step the database refused ({@link Refusal}) to break a lock cycle is
 * "deadlock" (PostgreSQL's 40P01, MariaDB's error 1213, H2's deadlock victim), any other refusal
 * "serialization failure" (H2 words both "Deadlock detected"; the store tells them apart).
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
        return "racex matrix: " + file.name() + " (" + file.source() + ")\n"
                + "each thread runs as one transaction at the level shown; a transaction the database refuses (40001, 40P01)\n"
                + "is rolled back and run again, at most " + attempts + " attempts\n\n"
                + IsolationMatrix.render(rows) + "\n"
                + "violation   some schedule breaks the scenario's check (the anomaly named where one fits)\n"
                + "prevented   every schedule ends correct because the database blocked a statement until the other\n"
                + "            transaction finished, or refused a transaction (serialization failure, deadlock) that ran again\n"
                + "passes      every schedule ends correct and the database never had to step in\n"
                + "... so far  --max-schedules stopped the search before every schedule ran: not a verdict\n";
    }

    /** Explores the file at one level on one database and says what happened. */
    static IsolationMatrix.Outcome cell(ScenarioFile file, Database db, Isolation level, int attempts, Options options,
            Explorer.Progress progress) {
        Scenario<Connection> s = ScenarioFiles.compile(file, db,
                new ScenarioFiles.Variant(Optional.of(level), true, REFUSED, attempts));
        Observing strategy = new Observing(new DepthFirst());
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
            Optional<Mechanism> refused = refusedOutcome(c);
            if (refused.isPresent()) {
                return new IsolationMatrix.Prevented(refused.get());
            }
            return new IsolationMatrix.Violation(c.anomaly().map(Anomaly::fullName));
        }
        IsolationMatrix.Outcome seen = new IsolationMatrix.Passes();
        for (Mechanism m : List.of(Mechanism.DEADLOCK, Mechanism.SERIALIZATION_FAILURE, Mechanism.BLOCKED)) {
            if (strategy.seen.contains(m)) {
                seen = new IsolationMatrix.Prevented(m);
                break;
            }
        }
        // a search cut short by --max-schedules saw no violation yet: that is no verdict, and the cell says so
        return r.complete() ? seen : new IsolationMatrix.Unfinished(seen, r.schedules());
    }

    /**
     * A failing execution whose only fault is a transaction the database still refused after the
     * last attempt: the level kept the data correct, the retry budget ran out. The refusal is the
     * execution's last refused step.
     */
    private static Optional<Mechanism> refusedOutcome(Counterexample c) {
        if (c.observed() == null) {
            return Optional.empty();
        }
        boolean threw = c.observed().results().values().stream()
                .anyMatch(r -> r.isException() && String.valueOf(r.message()).contains("(SQLSTATE 40"));
        Optional<Mechanism> out = Optional.empty();
        for (Step s : threw ? c.execution().steps() : List.<Step>of()) {
            Optional<Mechanism> m = mechanism(s.value());
            if (m.isPresent()) {
                out = m;
            }
        }
        return out;
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

    /** Runs a strategy and notes, from every execution's steps, how the database stepped in. */
    static final class Observing extends ForwardingStrategy {
        final Set<Mechanism> seen = EnumSet.noneOf(Mechanism.class);

        Observing(Strategy inner) {
            super(inner);
        }

        @Override
        public void endExecution(Execution execution) {
            for (Step s : execution.steps()) {
                if (s.waited()) {
                    seen.add(Mechanism.BLOCKED);
                }
                mechanism(s.value()).ifPresent(seen::add);
            }
            inner.endExecution(execution);
        }
    }
}
