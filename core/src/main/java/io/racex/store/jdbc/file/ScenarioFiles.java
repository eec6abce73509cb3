package io.racex.store.jdbc.file;

import io.racex.scenariofile.YamlTree;
import io.racex.Operation;
import io.racex.RacexException;
import io.racex.Scenario;
import io.racex.Spec;
import io.racex.store.jdbc.Database;
import io.racex.store.jdbc.Isolation;
import io.racex.store.jdbc.JdbcStore;
import io.racex.store.jdbc.file.ScenarioFile.InvariantQuery;
import io.racex.store.jdbc.file.ScenarioFile.RetryPolicy;
import io.racex.store.jdbc.file.ScenarioFile.StateQuery;
import io.racex.store.jdbc.file.ScenarioFile.ThreadDef;
import io.racex.store.StepGate;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a {@link ScenarioFile} into a {@link Scenario} on a {@link JdbcStore}: the setup and
 * state queries go to the store, each thread becomes one operation running its
 * {@link ThreadProgram}, {@code serializable: true} becomes {@link Spec#SERIALIZABLE} (else only
 * the invariants are checked), and each invariant query becomes a state entry named
 * {@code check: NAME} plus an {@link io.racex.Invariant} on it. Each step's {@code expect:} becomes
 * an invariant too, per thread running it: it holds unless the thread recorded the step's unmet
 * expectation in the final state ({@link ThreadProgram#expectKey}), so an unmet one is a violation
 * reported with its schedule, as a broken invariant is.
 *
 * <pre>{@code
 * Scenario<Connection> s = ScenarioFiles.load(Path.of("withdraw.race.yaml"), Database.postgresql());
 * Racex.explore(s).assertNoViolation();
 * }</pre>
 *
 * {@link #load} also runs a preflight on the database: the setup, every state and invariant
 * query, and each thread alone from the initial state, so SQL the database rejects is reported
 * with its file line before any exploration (a {@link RacexException}, exit code 2 in the CLI).
 */
public final class ScenarioFiles {
    /** Prefix of the state entries that hold the invariant queries' values. */
    public static final String CHECK_PREFIX = "check: ";
    private static final Pattern CREATE_TABLE = Pattern.compile(
            "(?is)^\\s*CREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\b.*");

    private ScenarioFiles() {}

    /**
     * How {@code racex matrix} varies a scenario: every thread at one isolation level, as one
     * transaction, retried on the given SQLSTATEs (added to the thread's own retry codes).
     *
     * @param isolation the level every connection starts with
     * @param transactions whether every thread runs as one transaction
     * @param retryOn SQLSTATEs added to every thread's retry policy (empty: none added)
     * @param attempts the least number of attempts a thread gets when {@code retryOn} is not empty
     */
    public record Variant(Optional<Isolation> isolation, boolean transactions, Set<String> retryOn, int attempts) {
        public Variant {
            retryOn = Set.copyOf(retryOn);
        }

        /** The file as written. */
        public static final Variant AS_WRITTEN = new Variant(Optional.empty(), false, Set.of(), 1);
    }

    /** Reads, validates and compiles a file for {@code db}, with the preflight on the database. */
    public static Scenario<Connection> load(Path path, Database db) {
        ScenarioFile f = ScenarioFile.read(path);
        Scenario<Connection> s = compile(f, db, Variant.AS_WRITTEN);
        preflight(f, s);
        return s;
    }

    /** Reads a file from the class path (e.g. a shipped sample) and compiles it, with the preflight. */
    public static Scenario<Connection> loadResource(ClassLoader loader, String resource, Database db) {
        ScenarioFile f = ScenarioFile.readResource(loader, resource);
        Scenario<Connection> s = compile(f, db, Variant.AS_WRITTEN);
        preflight(f, s);
        return s;
    }

    /** Compiles a parsed file for {@code db}, varied by {@code variant}; touches no database. */
    public static Scenario<Connection> compile(ScenarioFile f, Database db, Variant variant) {
        List<ThreadDef> threads = new ArrayList<>();
        for (ThreadDef t : f.threads()) {
            threads.add(vary(t, variant));
        }
        // a level shared by every thread is the store's (no step); a thread's own level is a step of its operation
        Optional<String> common = threads.get(0).isolation();
        for (ThreadDef t : threads) {
            if (!t.isolation().equals(common)) {
                common = Optional.empty();
                break;
            }
        }
        Isolation storeLevel = variant.isolation().orElse(common.map(Isolation::valueOf).orElse(Isolation.DEFAULT));
        boolean perThread = variant.isolation().isEmpty() && common.isEmpty();
        List<StateQuery> state = f.state().isEmpty() ? tableQueries(f) : f.state();

        Scenario.Builder<Connection> b = Scenario.<Connection>on(f.name(), () -> {
            JdbcStore.Builder sb = JdbcStore.builder(db).setup(f.setup()).isolation(storeLevel);
            for (StateQuery q : state) {
                sb.state(q.name(), q.sql());
            }
            for (InvariantQuery i : f.invariants()) {
                sb.state(CHECK_PREFIX + i.name(), i.sql());
            }
            return sb.build();
        });
        b.description(f.description());
        Optional<String> readOnly = db.readOnlyTransactionSql();
        for (int t = 0; t < threads.size(); t++) {
            ThreadDef def = threads.get(t);
            if (def.readOnly() && readOnly.isEmpty()) {
                throw new RacexException(f.source() + ":" + def.line() + ": " + ThreadProgram.readOnlyUnsupported(db.kind()));
            }
            ThreadProgram program = new ThreadProgram(def, t + 1, f.source(), perThread ? def.isolation() : Optional.empty(),
                    def.readOnly() ? readOnly : Optional.empty());
            b.thread("T" + (t + 1), List.of(Operation.of(def.name(), program::run)));
        }
        for (InvariantQuery i : f.invariants()) {
            String key = CHECK_PREFIX + i.name();
            b.invariant(i.name(), st -> matches(st.get(key), i.expect()));
        }
        // each step's expect: is an invariant of every thread running it; the thread records an unmet one in the final state
        for (int t = 0; t < threads.size(); t++) {
            for (ScenarioFile.StepDef step : threads.get(t).steps()) {
                if (step.expect().isPresent()) {
                    String key = ThreadProgram.expectKey(t + 1, step.line());
                    b.invariant("T" + (t + 1) + " line " + step.line() + " expects " + step.expect().get().text(),
                            st -> !st.containsKey(key));
                }
            }
        }
        b.spec(f.serializable() ? Spec.SERIALIZABLE : Spec.INVARIANTS_ONLY);
        return b.build();
    }

    private static ThreadDef vary(ThreadDef t, Variant v) {
        Optional<String> iso = v.isolation().isPresent() ? Optional.of(v.isolation().get().name()) : t.isolation();
        Optional<RetryPolicy> retry = t.retry();
        if (!v.retryOn().isEmpty()) {
            Set<String> codes = new LinkedHashSet<>(v.retryOn());
            int attempts = v.attempts();
            if (retry.isPresent()) {
                codes.addAll(retry.get().onSqlStates());
                attempts = Math.max(attempts, retry.get().maxAttempts());
            }
            retry = Optional.of(new RetryPolicy(codes, attempts));
        }
        return new ThreadDef(t.name(), t.transaction() || v.transactions(), iso, retry, t.readOnly(), t.steps(), t.line());
    }

    /** Without {@code state:}, the final state is every table the setup creates, all rows. */
    static List<StateQuery> tableQueries(ScenarioFile f) {
        List<StateQuery> out = new ArrayList<>();
        for (String s : f.setup()) {
            for (String statement : s.split(";")) {
                Matcher m = CREATE_TABLE.matcher(statement);
                if (m.matches()) {
                    out.add(new StateQuery(m.group(1), "SELECT * FROM " + m.group(1), 0));
                }
            }
        }
        return out;
    }

    /**
     * Whether an invariant query's value (as the store's snapshot gives it) equals the expected
     * value: numbers by value, booleans also as 1 or 0, anything else by its text.
     */
    static boolean matches(Object actual, Object expect) {
        if (actual instanceof List<?>) {
            return false; // not one value: the preflight reports such a query
        }
        if (expect == null || actual == null) {
            return expect == null && actual == null;
        }
        BigDecimal a = Condition.number(actual);
        BigDecimal e = Condition.number(expect);
        if (expect instanceof Boolean && !(actual instanceof Boolean) && a != null) {
            return a.compareTo(e) == 0;
        }
        if (a != null && e != null && !(actual instanceof String && expect instanceof String)) {
            return a.compareTo(e) == 0;
        }
        return Objects.equals(String.valueOf(actual), String.valueOf(expect));
    }

    /**
     * Runs the setup, every state and invariant query, and each thread alone from the initial
     * state, on a store of its own that is closed (its scratch space dropped) at the end.
     *
     * @throws RacexException naming the file and line of SQL the database rejects, or an
     *     invariant query that does not return exactly one value
     */
    /** What a state query returned that is not one value, in words: {@code 1 row of 2 columns}, {@code 3 values}. */
    private static String shape(List<?> l) {
        if (!l.isEmpty() && l.get(0) instanceof List<?> row) {
            return l.size() + (l.size() == 1 ? " row" : " rows") + " of " + row.size() + " columns";
        }
        return l.size() + (l.size() == 1 ? " value" : " values");
    }

    /** A failed state or invariant query's error, with the file and line of the query ("state query 'x' failed: ..."). */
    private static RacexException atLine(ScenarioFile f, RacexException e) {
        String m = String.valueOf(e.getMessage());
        for (StateQuery q : f.state()) {
            if (m.startsWith("state query '" + q.name() + "' failed")) {
                return new RacexException(f.source() + ":" + q.line() + ": " + m, e);
            }
        }
        for (InvariantQuery i : f.invariants()) {
            if (m.startsWith("state query '" + CHECK_PREFIX + i.name() + "' failed")) {
                return new RacexException(f.source() + ":" + i.line() + ": invariant '" + i.name() + "' failed"
                        + m.substring(("state query '" + CHECK_PREFIX + i.name() + "' failed").length()), e);
            }
        }
        return new RacexException(f.source() + ": " + m, e);
    }

    public static void preflight(ScenarioFile f, Scenario<Connection> s) {
        try (var store = s.newStore()) {
            store.reset();
            Map<String, Object> initial;
            try {
                initial = store.snapshot();
            } catch (RacexException e) {
                throw atLine(f, e);
            }
            for (InvariantQuery i : f.invariants()) {
                Object v = initial.get(CHECK_PREFIX + i.name());
                if (v instanceof List<?> l) {
                    throw new RacexException(f.source() + ":" + i.line() + ": invariant '" + i.name()
                            + "' must return one value (one row, one column); on the initial state it returned " + shape(l));
                }
            }
            for (int t = 0; t < s.threads().size(); t++) {
                store.reset();
                String[] last = {""};
                StepGate recording = new StepGate() {
                    @Override
                    public <T> T step(io.racex.store.StepRequest request, java.util.concurrent.Callable<T> action) throws Exception {
                        last[0] = request.target();
                        return action.call();
                    }

                    @Override
                    public boolean serial() {
                        return true;
                    }
                };
                Connection c = store.handle(t, recording);
                try {
                    s.threads().get(t).operations().get(0).body().run(c);
                } catch (SQLException e) {
                    if (JdbcStore.timedOut(e)) {
                        throw new RacexException(f.source() + ": thread '" + s.threads().get(t).operations().get(0).name() + "': " + last[0]
                                + " did not finish within " + JdbcStore.serialQueryTimeoutSeconds() + " s when run alone (dry run); "
                                + "racex cancelled it in the database", e);
                    }
                    // an error of the race (a conflict, a constraint) is an outcome, not a mistake in the file
                } finally {
                    store.endExecution();
                }
            }
        } catch (RacexException e) {
            throw e;
        } catch (Exception e) {
            throw new RacexException(f.source() + ": " + YamlTree.firstLine(e.getMessage()), e);
        }
    }
}
