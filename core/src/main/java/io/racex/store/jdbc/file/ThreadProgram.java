package io.racex.store.jdbc.file;

import io.racex.scenariofile.YamlTree;
import io.racex.RacexException;
import io.racex.store.jdbc.JdbcStore;
import io.racex.store.jdbc.file.ScenarioFile.Expect;
import io.racex.store.jdbc.file.ScenarioFile.RetryPolicy;
import io.racex.store.jdbc.file.ScenarioFile.StepDef;
import io.racex.store.jdbc.file.ScenarioFile.ThreadDef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Runs one thread of a scenario file on a connection: the body of the thread's operation. Every
 * JDBC call it makes (set isolation, auto-commit off, each statement, commit, rollback) goes through
 * the connection it is given, so under exploration each is one step.
 *
 * <p>Bound values are passed as JDBC parameters; a list bound by {@code rows:} becomes one
 * parameter per value. With {@code transaction: true} the steps run with auto-commit off and end
 * in a commit; any error rolls the transaction back. A {@code COMMIT} or {@code ROLLBACK} step ends
 * the transaction ({@link Connection#commit()} or {@link Connection#rollback()}, so the engine sees
 * a COMMIT or ROLLBACK step) and the next step begins another, at the same isolation level (a
 * session setting) and, for {@code read only: true}, declared read-only again. With a retry policy,
 * an error whose SQLSTATE it lists runs the failed transaction again (the steps after the last
 * COMMIT or ROLLBACK step), at once, up to the policy's attempts; the values bound by a failed
 * attempt are forgotten.
 *
 * <p>A step's {@code expect:} is checked as it runs: a value or rows that differ, a statement that
 * succeeds where an error is expected, or fails with another SQLSTATE, is recorded in the final
 * state ({@link JdbcStore#note}) under {@link #expectKey}, which {@link ScenarioFiles} checks like
 * an invariant. A step that fails as expected does not fail the thread: in a transaction, racex
 * rolls it back (the database may already have) and the next step begins a new one.
 *
 * <p>The operation's result is the map of the names the thread binds (in step order; null for a
 * name whose step was skipped), or null when it binds none: with {@code serializable: true} those
 * values are compared with the serial orders' like the final state.
 */
public final class ThreadProgram {
    private static final Pattern ORDER_BY = Pattern.compile("(?is).*\\border\\s+by\\b.*");

    private final ThreadDef thread;
    private final int number;
    private final String source;
    private final Optional<String> isolation;
    private final Optional<String> readOnlySql;

    /**
     * A program for a thread that is not {@code read only}.
     *
     * @param thread the thread's definition
     * @param number the thread's number, 1-based (bound as {@code :thread})
     * @param source the file name, for messages
     * @param isolation the level to set on the connection first ({@code ScenarioFile.ISOLATION_LEVELS} name), if any
     */
    public ThreadProgram(ThreadDef thread, int number, String source, Optional<String> isolation) {
        this(thread, number, source, isolation, Optional.empty());
    }

    /**
     * @param thread the thread's definition
     * @param number the thread's number, 1-based (bound as {@code :thread})
     * @param source the file name, for messages
     * @param isolation the level to set on the connection first ({@code ScenarioFile.ISOLATION_LEVELS} name), if any
     * @param readOnlySql the database's statement declaring a transaction read-only
     *     ({@link io.racex.store.jdbc.Database#readOnlyTransactionSql()}), run first in each transaction of a
     *     {@code read only} thread; a read-only thread without one fails with a message saying why
     */
    public ThreadProgram(ThreadDef thread, int number, String source, Optional<String> isolation, Optional<String> readOnlySql) {
        this.thread = thread;
        this.number = number;
        this.source = source;
        this.isolation = isolation.filter(l -> !l.equals("DEFAULT"));
        this.readOnlySql = readOnlySql;
    }

    /** The final-state key under which thread {@code number}'s unmet {@code expect:} of the step at {@code line} is recorded. */
    public static String expectKey(int number, int line) {
        return "expect: T" + number + " line " + line;
    }

    /** Runs the thread on {@code c} and returns its bound values; throws the last error if it does not succeed. */
    public Object run(Connection c) throws SQLException {
        if (thread.readOnly() && readOnlySql.isEmpty()) {
            throw new RacexException(source + ":" + thread.line() + ": " + readOnlyUnsupported("this database"));
        }
        if (isolation.isPresent()) {
            c.setTransactionIsolation(jdbcLevel(isolation.get()));
        }
        if (thread.transaction()) {
            c.setAutoCommit(false);
        }
        int attempts = thread.retry().map(RetryPolicy::maxAttempts).orElse(1);
        List<StepDef> steps = thread.steps();
        Map<String, Object> bound = new HashMap<>();
        bound.put(ScenarioFileParser.THREAD, number);
        Map<String, String> unmet = new LinkedHashMap<>();
        // where the current transaction began: a retry starts there again, with what was bound then
        int txStart = 0;
        Map<String, Object> boundAtStart = new HashMap<>(bound);
        Map<String, String> unmetAtStart = new LinkedHashMap<>();
        int attempt = 1;
        // no statement of the current transaction ran yet (a read-only one is declared before its first)
        boolean fresh = true;
        // the last step that ran ended the transaction: there is nothing left to commit at the end
        boolean ended = false;
        int i = 0;
        try {
            while (true) {
                try {
                    for (; i < steps.size(); i++) {
                        StepDef step = steps.get(i);
                        if (step.when().isPresent() && !step.when().get().holds(bound)) {
                            continue;
                        }
                        boolean endsTx = thread.transaction() && step.sql().endsTransaction();
                        if (thread.transaction() && thread.readOnly() && fresh && !endsTx) {
                            try (Statement st = c.createStatement()) {
                                st.execute(readOnlySql.get());
                            }
                        }
                        fresh = false;
                        boolean failedAsExpected = endsTx ? endTransaction(c, step, unmet) : execute(c, step, bound, unmet);
                        if (thread.transaction() && failedAsExpected && !endsTx) {
                            c.rollback(); // the database may have rolled back already; this makes it so everywhere
                        }
                        if (endsTx || (thread.transaction() && failedAsExpected)) {
                            ended = true;
                            fresh = true;
                            txStart = i + 1;
                            boundAtStart = new HashMap<>(bound);
                            unmetAtStart = new LinkedHashMap<>(unmet);
                            attempt = 1;
                        } else {
                            ended = false;
                        }
                    }
                    if (thread.transaction() && !ended) {
                        c.commit();
                    }
                    return result(bound);
                } catch (SQLException | RuntimeException e) {
                    if (thread.transaction()) {
                        try {
                            c.rollback();
                        } catch (SQLException r) {
                            e.addSuppressed(r);
                        }
                    }
                    if (e instanceof SQLException sql && attempt < attempts && retries(sql)) {
                        attempt++;
                        i = txStart;
                        bound = new HashMap<>(boundAtStart);
                        unmet = new LinkedHashMap<>(unmetAtStart);
                        fresh = true;
                        ended = false;
                        continue;
                    }
                    throw e;
                }
            }
        } finally {
            report(c, unmet);
        }
    }

    /** What a read-only thread on a database of {@code kind} without read-only transactions is told. */
    static String readOnlyUnsupported(String kind) {
        return "'read only: true' needs a database that enforces read-only transactions (PostgreSQL, MariaDB)"
                + (kind.equals("h2") ? ": H2 has no SET TRANSACTION READ ONLY and lets the writes through"
                        : ": racex knows no way to declare one on " + kind)
                + "; run with --db postgresql or --db mariadb";
    }

    /** Records the unmet expectations in the final state; on a connection racex does not manage, fails with the first. */
    private void report(Connection c, Map<String, String> unmet) {
        for (Map.Entry<String, String> u : unmet.entrySet()) {
            if (!JdbcStore.note(c, u.getKey(), u.getValue())) {
                throw new RacexException(source + ":" + u.getKey().substring(u.getKey().lastIndexOf(' ') + 1) + ": T" + number
                        + " " + u.getValue());
            }
        }
    }

    private boolean retries(SQLException e) {
        RetryPolicy p = thread.retry().orElseThrow();
        for (String state : sqlStates(e)) {
            if (p.onSqlStates().contains(state)) {
                return true;
            }
        }
        return false;
    }

    /** A COMMIT or ROLLBACK step of a transaction thread; whether it failed as its {@code expect: error} says. */
    private boolean endTransaction(Connection c, StepDef step, Map<String, String> unmet) throws SQLException {
        try {
            if (step.sql().commits()) {
                c.commit();
            } else {
                c.rollback();
            }
        } catch (SQLException e) {
            return failed(step, e, unmet);
        }
        succeeded(step, step.sql().commits() ? "committed" : "rolled back", unmet);
        return false;
    }

    /** Runs one statement; whether it failed as its {@code expect: error} says (else an error is thrown on). */
    private boolean execute(Connection c, StepDef step, Map<String, Object> bound, Map<String, String> unmet) throws SQLException {
        List<String> params = step.sql().parameters();
        int[] sizes = new int[params.size()];
        boolean lists = false;
        for (int i = 0; i < params.size(); i++) {
            Object v = bound.get(params.get(i));
            sizes[i] = v instanceof List<?> l ? l.size() : -1;
            lists |= v instanceof List<?>;
        }
        String sql = lists ? step.sql().jdbc(sizes) : step.sql().jdbc();
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            int index = 1;
            for (int i = 0; i < params.size(); i++) {
                Object v = bound.get(params.get(i));
                for (Object one : v instanceof List<?> l ? l : java.util.Collections.singletonList(v)) {
                    if (one == null) {
                        ps.setNull(index++, Types.NULL);
                    } else {
                        ps.setObject(index++, one);
                    }
                }
            }
            if (step.sql().returnsRows()) {
                List<List<Object>> rows = new ArrayList<>();
                int columns;
                try (ResultSet rs = ps.executeQuery()) {
                    columns = rs.getMetaData().getColumnCount();
                    // only what is used is read: the first row, unless 'rows' or 'expect' wants them all
                    boolean all = step.rows().isPresent() || step.expect().isPresent();
                    while ((all || rows.isEmpty()) && rs.next()) {
                        List<Object> row = new ArrayList<>(columns);
                        for (int k = 1; k <= columns; k++) {
                            row.add(rs.getObject(k));
                        }
                        rows.add(row);
                    }
                }
                if (columns < step.into().size()) {
                    throw new RacexException(where(step) + "the query returns " + columns + " column(s) but 'into' names "
                            + step.into().size());
                }
                for (int i = 0; i < step.into().size(); i++) {
                    bound.put(step.into().get(i), rows.isEmpty() ? null : rows.get(0).get(i));
                }
                boolean ordered = ORDER_BY.matcher(step.sql().text()).matches();
                if (!ordered) {
                    // the database's order of an unordered query may change between executions; a result must not
                    rows.sort(Comparator.comparing(ThreadProgram::show));
                }
                if (step.rows().isPresent()) {
                    List<Object> firsts = new ArrayList<>();
                    rows.forEach(r -> firsts.add(r.get(0)));
                    bound.put(step.rows().get(), Collections.unmodifiableList(firsts));
                }
                checkRows(step, rows, ordered, bound, unmet);
            } else {
                int count = ps.executeUpdate();
                if (!step.into().isEmpty()) {
                    bound.put(step.into().get(0), count);
                }
                Expect x = step.expect().map(e -> resolve(e, bound)).orElse(null);
                if (x != null && !(x instanceof Expect.Error) && !holds(x, count)) {
                    unmet.put(expectKey(number, step.line()), "changed " + count + (count == 1 ? " row" : " rows")
                            + ", expected " + x.text());
                } else {
                    succeeded(step, count + (count == 1 ? " row" : " rows"), unmet);
                }
            }
        } catch (SQLException e) {
            if (errorAllowed(step, e)) {
                for (String name : step.into()) {
                    bound.put(name, null);
                }
                step.rows().ifPresent(name -> bound.put(name, List.of()));
                return true;
            }
            if (isUserError(e)) {
                // H2 ends its first line with "SQL statement:", the statement following on the next
                throw new RacexException(where(step) + "the database rejected the SQL: "
                        + firstLine(e.getMessage()).replaceFirst(";?\\s*SQL statement:\\s*$", "").replaceFirst("\\s*\\[\\d+-\\d+]$", ""), e);
            }
            return failed(step, e, unmet);
        }
        return false;
    }

    /** A step that ran without error: unmet if it expected one. */
    private void succeeded(StepDef step, String what, Map<String, String> unmet) {
        if (step.expect().orElse(null) instanceof Expect.Error x) {
            unmet.put(expectKey(number, step.line()), "succeeded (" + what + "), expected " + x.text());
        }
    }

    /**
     * A step that failed: whether its {@code expect: error} allows this error (it then does not fail
     * the thread); an error it does not allow is recorded as unmet and thrown on, as any error is.
     */
    private boolean failed(StepDef step, SQLException e, Map<String, String> unmet) throws SQLException {
        if (errorAllowed(step, e)) {
            return true;
        }
        // a step expecting a value or another error did not get it: that is unmet, and the error fails the thread as any does
        step.expect().ifPresent(x -> unmet.put(expectKey(number, step.line()), "failed with " + describe(e) + ", expected " + x.text()));
        throw e;
    }

    /** Whether the step's {@code expect:} allows this error: it is {@code error …}, or {@code one of} lists a matching one. */
    private static boolean errorAllowed(StepDef step, SQLException e) {
        Expect x = step.expect().orElse(null);
        if (x instanceof Expect.OneOf o) {
            return o.options().stream().anyMatch(option -> option instanceof Expect.Error err && expected(err, e));
        }
        return x instanceof Expect.Error err && expected(err, e);
    }

    /**
     * Whether {@code e} is an error {@code x} expects: one of its SQLSTATEs, or of its classes (a
     * two-character code: {@code 23} is any integrity constraint violation), or, when it gives none,
     * any error but a mistake in the SQL.
     */
    static boolean expected(Expect.Error x, SQLException e) {
        if (x.sqlStates().isEmpty()) {
            return !isUserError(e);
        }
        for (String state : sqlStates(e)) {
            String s = state.toUpperCase(java.util.Locale.ROOT);
            if (x.sqlStates().contains(s) || (s.length() == 5 && x.sqlStates().contains(s.substring(0, 2)))) {
                return true;
            }
        }
        return false;
    }

    /** An error in a few words with its SQLSTATE: {@code 23505: Unique index or primary key violation ...}. */
    private static String describe(SQLException e) {
        String message = firstLine(e.getMessage()).replaceFirst(";?\\s*SQL statement:\\s*$", "").replaceFirst("\\s*\\[\\d+-\\d+]$", "");
        String state = e.getSQLState() == null ? "no SQLSTATE" : e.getSQLState();
        return message.contains("SQLSTATE") ? message : state + ": " + message;
    }

    /** Compares what a query returned with the step's {@code expect:}, recording a difference as unmet. */
    private void checkRows(StepDef step, List<List<Object>> rows, boolean ordered, Map<String, Object> bound,
                           Map<String, String> unmet) {
        Expect x = step.expect().map(e -> resolve(e, bound)).orElse(null);
        if (x == null) {
            return;
        }
        if (x instanceof Expect.Error) {
            succeeded(step, rows.size() + (rows.size() == 1 ? " row" : " rows"), unmet);
            return;
        }
        if (holds(x, rows, ordered)) {
            return;
        }
        String got;
        if (rows.isEmpty()) {
            got = "no row";
        } else if (wantsRows(x)) {
            boolean wholeRows = wantsColumns(x);
            List<Object> actual = new ArrayList<>();
            rows.forEach(row -> actual.add(wholeRows ? row : row.get(0)));
            got = show(actual);
        } else {
            got = rows.size() == 1 ? show(rows.get(0).get(0)) : rows.size() + " rows " + firstColumns(rows);
        }
        unmet.put(expectKey(number, step.line()), "read " + got + ", expected " + x.text());
    }

    /**
     * {@code x} with each {@code :name} it refers to replaced by what the name holds now: a list as
     * the rows of one column, anything else as one value (shown as {@code :name = value}).
     */
    static Expect resolve(Expect x, Map<String, Object> bound) {
        if (x instanceof Expect.Same same) {
            Object v = bound.get(same.name());
            String text = same.text() + " (" + show(v) + ")";
            // a list bound earlier was sorted when its query had no ORDER BY: only the values can be compared, not their order
            return v instanceof List<?> l ? new Expect.Rows(new ArrayList<>(l), text, true) : new Expect.Value(v, text);
        }
        if (x instanceof Expect.OneOf o) {
            List<Expect> options = new ArrayList<>();
            o.options().forEach(option -> options.add(resolve(option, bound)));
            return new Expect.OneOf(options, o.text());
        }
        return x;
    }

    /** Whether a query's rows are what {@code x} expects. */
    static boolean holds(Expect x, List<List<Object>> rows, boolean ordered) {
        if (x instanceof Expect.Value v) {
            return rows.isEmpty() ? v.value() == null : rows.size() == 1 && ScenarioFiles.matches(rows.get(0).get(0), v.value());
        }
        if (x instanceof Expect.Rows r) {
            boolean wholeRows = !r.rows().isEmpty() && r.rows().get(0) instanceof List<?>;
            List<Object> actual = new ArrayList<>();
            rows.forEach(row -> actual.add(wholeRows ? row : row.get(0)));
            return sameRows(actual, r.rows(), ordered && !r.anyOrder());
        }
        if (x instanceof Expect.OneOf o) {
            return o.options().stream().anyMatch(option -> holds(option, rows, ordered));
        }
        return false;
    }

    /** Whether an update count is what {@code x} expects. */
    static boolean holds(Expect x, int count) {
        if (x instanceof Expect.Value v) {
            return ScenarioFiles.matches(count, v.value());
        }
        if (x instanceof Expect.OneOf o) {
            return o.options().stream().anyMatch(option -> holds(option, count));
        }
        return false;
    }

    /** Whether {@code x} (or one of its options) is a list of rows: what was read is then shown as a list. */
    private static boolean wantsRows(Expect x) {
        return x instanceof Expect.Rows || (x instanceof Expect.OneOf o && o.options().stream().anyMatch(ThreadProgram::wantsRows));
    }

    /** Whether {@code x} (or one of its options) lists whole rows, column by column. */
    private static boolean wantsColumns(Expect x) {
        if (x instanceof Expect.Rows r) {
            return !r.rows().isEmpty() && r.rows().get(0) instanceof List<?>;
        }
        return x instanceof Expect.OneOf o && o.options().stream().anyMatch(ThreadProgram::wantsColumns);
    }

    private static String firstColumns(List<List<Object>> rows) {
        List<Object> firsts = new ArrayList<>();
        rows.forEach(r -> firsts.add(r.get(0)));
        return show(firsts);
    }

    /** Whether the rows equal the expected ones: in order when the query orders them, else as a multiset. */
    private static boolean sameRows(List<Object> actual, List<Object> expected, boolean ordered) {
        if (actual.size() != expected.size()) {
            return false;
        }
        if (ordered) {
            for (int i = 0; i < actual.size(); i++) {
                if (!sameRow(actual.get(i), expected.get(i))) {
                    return false;
                }
            }
            return true;
        }
        List<Object> left = new ArrayList<>(actual);
        for (Object e : expected) {
            boolean found = false;
            for (int i = 0; i < left.size() && !found; i++) {
                if (sameRow(left.get(i), e)) {
                    left.remove(i);
                    found = true;
                }
            }
            if (!found) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameRow(Object actual, Object expected) {
        if (actual instanceof List<?> a && expected instanceof List<?> e) {
            if (a.size() != e.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!ScenarioFiles.matches(a.get(i), e.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return !(actual instanceof List<?>) && !(expected instanceof List<?>) && ScenarioFiles.matches(actual, expected);
    }

    /** A value as reports show it: texts quoted, lists in brackets. */
    static String show(Object v) {
        if (v instanceof String t) {
            return "'" + t + "'";
        }
        if (v instanceof List<?> l) {
            List<String> items = new ArrayList<>();
            l.forEach(o -> items.add(show(o)));
            return "[" + String.join(", ", items) + "]";
        }
        return String.valueOf(v);
    }

    private String where(StepDef step) {
        return source + ":" + step.line() + ": ";
    }

    private Object result(Map<String, Object> bound) {
        List<String> names = thread.boundNames();
        if (names.isEmpty()) {
            return null;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        for (String n : names) {
            out.put(n, bound.get(n));
        }
        return Collections.unmodifiableMap(out);
    }

    /** The SQLSTATEs of an exception and of the exceptions chained to it. */
    public static List<String> sqlStates(Throwable e) {
        List<String> out = new java.util.ArrayList<>();
        java.util.Set<Throwable> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>();
        todo.add(e);
        while (!todo.isEmpty()) {
            Throwable t = todo.poll();
            if (t == null || !seen.add(t)) {
                continue;
            }
            if (t instanceof SQLException s) {
                if (s.getSQLState() != null) {
                    out.add(s.getSQLState());
                }
                if (s.getNextException() != null) {
                    todo.add(s.getNextException());
                }
            }
            if (t.getCause() != null) {
                todo.add(t.getCause());
            }
        }
        return out;
    }

    /**
     * Whether an error means the SQL itself is wrong (syntax, unknown table or column, a feature the
     * database lacks), so the file must be fixed, rather than an outcome of the race.
     */
    static boolean isUserError(SQLException e) {
        String s = e.getSQLState();
        return s != null && (s.startsWith("42") || s.startsWith("07") || s.startsWith("0A"));
    }

    /** The {@link Connection} constant of an isolation level name. */
    static int jdbcLevel(String level) {
        return switch (level) {
            case "READ_UNCOMMITTED" -> Connection.TRANSACTION_READ_UNCOMMITTED;
            case "READ_COMMITTED" -> Connection.TRANSACTION_READ_COMMITTED;
            case "REPEATABLE_READ" -> Connection.TRANSACTION_REPEATABLE_READ;
            case "SERIALIZABLE" -> Connection.TRANSACTION_SERIALIZABLE;
            default -> throw new IllegalArgumentException(level);
        };
    }

    private static String firstLine(String s) {
        return YamlTree.firstLine(s);
    }
}
