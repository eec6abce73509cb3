package io.racex.store.jdbc;

import io.racex.RacexException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * How the store returns to the initial state before each execution: reload (empty the tables,
 * rerun the setup's row statements, a few milliseconds) or rebuild (everything in the scratch
 * space dropped and the whole setup run again, tens of milliseconds). It is its own class because
 * the choice is where speed and correctness meet: a reload is only right when emptying tables
 * undoes everything an execution can have done, so the plan reads the setup once to see whether it
 * makes anything a data reset cannot restore (sequences, temporary tables), and a thread that
 * changed the schema forces the next reset to rebuild.
 */
final class ResetPlan {
    private final List<String> setup;
    private final List<String> rowStatements;
    /** Whether emptying the tables and rerunning the row statements restores everything the setup made. */
    private final boolean reloadable;
    private final JdbcStore.Reset mode;
    private final Dialect dialect;
    /** The statements that restore the initial state from any state; null when only a rebuild does. */
    private List<String> reloadScript;
    /**
     * The query that says whether the reload must also give the tables new storage
     * ({@link Dialect#pageCheck}), and the reload that does; null when the reload never moves rows.
     */
    private String pageCheck;
    private List<String> freshScript;
    private long freshReloads;
    private long reloads;
    private long rebuilds;

    ResetPlan(List<String> setup, JdbcStore.Reset mode, Dialect dialect) {
        this.setup = List.copyOf(setup);
        this.mode = mode;
        this.dialect = dialect;
        List<String> rows = new ArrayList<>();
        boolean ok = true;
        for (String s : setup) {
            SqlText.Verb v = SqlText.verb(s);
            if (v == SqlText.Verb.DML) {
                rows.add(s);
            } else if (!isStructure(s)) {
                ok = false;
            }
        }
        this.rowStatements = List.copyOf(rows);
        this.reloadable = ok;
    }

    /** Tables, indexes, views, constraints: what emptying the tables leaves intact. Sequences are state, so not structure. */
    static boolean isStructure(String sql) {
        List<String> w = SqlText.words(sql, 4);
        if (w.isEmpty()) {
            return false;
        }
        if (w.get(0).equals("create") || w.get(0).equals("alter")) {
            return !w.contains("sequence") && !w.contains("temporary") && !w.contains("temp");
        }
        return w.get(0).equals("comment") || SqlText.verb(sql) == SqlText.Verb.QUERY;
    }

    /**
     * Runs the whole setup in a fresh or emptied scratch space and works out the reload script.
     *
     * @throws RacexException naming the setup statement that failed
     */
    void build(Connection monitor, String scratch, Database db) throws SQLException {
        try (Statement s = monitor.createStatement()) {
            for (int i = 0; i < setup.size(); i++) {
                try {
                    s.execute(setup.get(i));
                } catch (SQLException e) {
                    throw new RacexException("setup statement " + (i + 1) + " failed: " + SqlErrors.normalize(e, scratch).getMessage()
                            + " in: " + abbreviate(SqlText.oneLine(setup.get(i))), e);
                }
            }
        } catch (SQLException e) {
            throw new RacexException("cannot run the setup on " + db.kind() + ": " + SqlErrors.clean(e.getMessage()), e);
        }
        List<String> tables = reloadable ? dialect.tables(monitor, scratch) : List.of();
        reloadScript = reloadable
                ? dialect.reloadScript(monitor, scratch, tables, rowStatements).map(List::copyOf).orElse(null)
                : null;
        freshScript = reloadScript == null ? null
                : dialect.freshReloadScript(scratch, tables, rowStatements).map(List::copyOf).orElse(null);
        // a reload that already gives the tables new storage needs no check
        pageCheck = freshScript == null || freshScript.equals(reloadScript) ? null : dialect.pageCheck(scratch, tables).orElse(null);
        rebuilds++;
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    /** Whether the next reset can reload the data rather than rebuild; {@code schemaChanged}: a thread altered the schema. */
    boolean canReload(boolean schemaChanged) {
        return reloadScript != null && !schemaChanged && mode != JdbcStore.Reset.REBUILD;
    }

    /**
     * Restores the initial data with the reload script (one batch where the dialect allows), or
     * with the fresh-storage one when the dialect's page check says the tables' storage is worn.
     */
    void reload(Connection monitor) throws SQLException {
        try (Statement s = monitor.createStatement()) {
            List<String> script = reloadScript;
            if (pageCheck != null) {
                try (ResultSet r = s.executeQuery(pageCheck)) {
                    if (r.next() && r.getBoolean(1)) {
                        script = freshScript;
                        freshReloads++;
                    }
                }
            }
            if (dialect.batchReset()) {
                for (String sql : script) {
                    s.addBatch(sql);
                }
                s.executeBatch();
            } else {
                for (String sql : script) {
                    s.execute(sql);
                }
            }
        }
        reloads++;
    }

    long reloads() {
        return reloads;
    }

    /** How many of the reloads also gave the tables new storage ({@link Dialect#pageCheck}). */
    long freshReloads() {
        return freshReloads;
    }

    long rebuilds() {
        return rebuilds;
    }
}
