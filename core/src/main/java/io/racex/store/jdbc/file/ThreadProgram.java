package io.racex.store.jdbc.file;

import io.racex.scenariofile.YamlTree;
import io.racex.RacexException;
import io.racex.store.jdbc.file.ScenarioFile.RetryPolicy;
import io.racex.store.jdbc.file.ScenarioFile.StepDef;
import io.racex.store.jdbc.file.ScenarioFile.ThreadDef;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs one thread of a scenario file on a connection: the body of the thread's operation. Every
 * JDBC call it makes (set isolation, auto-commit off, each statement, commit, rollback) goes through
 * the connection it is given, so under exploration each is one step.
 *
 * <p>Bound values are passed as JDBC parameters. With {@code transaction: true} the steps run with
 * auto-commit off and end in a commit; any error rolls the transaction back. With a retry policy, an
 * error whose SQLSTATE it lists runs the whole thread again, at once, up to the policy's attempts;
 * the values bound by a failed attempt are forgotten.
 *
 * <p>The operation's result is the map of the names the thread binds (in step order; null for a
 * name whose step was skipped), or null when it binds none: with {@code serializable: true} those
 * values are compared with the serial orders' like the final state.
 */
public final class ThreadProgram {
    private final ThreadDef thread;
    private final int number;
    private final String source;
    private final Optional<String> isolation;

    /**
     * @param thread the thread's definition
     * @param number the thread's number, 1-based (bound as {@code :thread})
     * @param source the file name, for messages
     * @param isolation the level to set on the connection first ({@code ScenarioFile.ISOLATION_LEVELS} name), if any
     */
    public ThreadProgram(ThreadDef thread, int number, String source, Optional<String> isolation) {
        this.thread = thread;
        this.number = number;
        this.source = source;
        this.isolation = isolation.filter(l -> !l.equals("DEFAULT"));
    }

    /** Runs the thread on {@code c} and returns its bound values; throws the last error if it does not succeed. */
    public Object run(Connection c) throws SQLException {
        if (isolation.isPresent()) {
            c.setTransactionIsolation(jdbcLevel(isolation.get()));
        }
        if (thread.transaction()) {
            c.setAutoCommit(false);
        }
        int attempts = thread.retry().map(RetryPolicy::maxAttempts).orElse(1);
        for (int attempt = 1; ; attempt++) {
            Map<String, Object> bound = new HashMap<>();
            bound.put(ScenarioFileParser.THREAD, number);
            try {
                for (StepDef step : thread.steps()) {
                    if (step.when().isEmpty() || step.when().get().holds(bound)) {
                        execute(c, step, bound);
                    }
                }
                if (thread.transaction()) {
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
                    continue;
                }
                throw e;
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

    private void execute(Connection c, StepDef step, Map<String, Object> bound) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(step.sql().jdbc())) {
            List<String> params = step.sql().parameters();
            for (int i = 0; i < params.size(); i++) {
                Object v = bound.get(params.get(i));
                if (v == null) {
                    ps.setNull(i + 1, Types.NULL);
                } else {
                    ps.setObject(i + 1, v);
                }
            }
            if (step.sql().returnsRows()) {
                try (ResultSet rs = ps.executeQuery()) {
                    boolean row = rs.next();
                    int columns = rs.getMetaData().getColumnCount();
                    if (columns < step.into().size()) {
                        throw new RacexException(where(step) + "the query returns " + columns + " column(s) but 'into' names "
                                + step.into().size());
                    }
                    for (int i = 0; i < step.into().size(); i++) {
                        bound.put(step.into().get(i), row ? rs.getObject(i + 1) : null);
                    }
                }
            } else {
                int count = ps.executeUpdate();
                if (!step.into().isEmpty()) {
                    bound.put(step.into().get(0), count);
                }
            }
        } catch (SQLException e) {
            if (isUserError(e)) {
                // H2 ends its first line with "SQL statement:", the statement following on the next
                throw new RacexException(where(step) + "the database rejected the SQL: "
                        + firstLine(e.getMessage()).replaceFirst(";?\\s*SQL statement:\\s*$", "").replaceFirst("\\s*\\[\\d+-\\d+]$", ""), e);
            }
            throw e;
        }
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
