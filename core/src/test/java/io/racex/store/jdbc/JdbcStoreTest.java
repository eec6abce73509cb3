package io.racex.store.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.Operation;
import io.racex.Racex;
import io.racex.RacexException;
import io.racex.Scenario;
import io.racex.Spec;
import io.racex.FailureKind;
import io.racex.Counterexample;
import io.racex.ExplorationResult;
import io.racex.OpResult;
import io.racex.Step;
import io.racex.store.StepKind;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLTransactionRollbackException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class JdbcStoreTest {

    @ParameterizedTest
    @MethodSource("io.racex.store.jdbc.Databases#kinds")
    void findsTheLostUpdateAsSelectSelectUpdateUpdate(String kind) {
        Database db = Databases.require(kind);
        Counterexample c = Racex.explore(Fixtures.findAndUpdate(db)).assertViolation();
        List<Step> steps = c.execution().steps();
        assertEquals(List.of(StepKind.QUERY, StepKind.QUERY, StepKind.UPDATE, StepKind.UPDATE), steps.stream().map(Step::kind).toList());
        assertEquals("msg aa", c.observed().state().get("message"));
        assertTrue(c.allowed().stream().anyMatch(a -> "msg aaa".equals(a.outcome().state().get("message"))), c.allowed().toString());
        assertEquals("lost update", c.anomaly().orElseThrow().name());
        assertEquals("SELECT * FROM message WHERE time = TIMESTAMP '2009-01-01 00:00:00'", steps.get(0).target());
        assertEquals("('msg a', '2009-01-01 00:00:00')", String.valueOf(steps.get(0).value()));
        assertEquals("UPDATE message SET msg = 'msg aa' WHERE time = TIMESTAMP '2009-01-01 00:00:00'", steps.get(3).target());
        assertEquals("1 row", String.valueOf(steps.get(3).value()));
        assertEquals(Set_of("message"), steps.get(0).footprint().reads());
        assertEquals(Set_of("message"), steps.get(3).footprint().writes());
    }

    private static java.util.Set<String> Set_of(String s) {
        return java.util.Set.of(s);
    }

    @ParameterizedTest
    @MethodSource("io.racex.store.jdbc.Databases#kinds")
    void replayingTheFailingTokenGivesTheSameStepsAndOutcome(String kind) {
        Database db = Databases.require(kind);
        Scenario<Connection> s = Fixtures.lockOrder(db);
        Counterexample c = Racex.explore(s).assertViolation();
        String token = c.token();
        List<String> expected = describe(c);
        for (int i = 0; i < 3; i++) {
            ExplorationResult r = Racex.replay(s, token);
            Counterexample again = r.counterexample().orElseThrow(() -> new AssertionError("replay of " + token + " passed"));
            assertEquals(expected, describe(again), "replay " + (i + 1) + " of " + token);
        }
    }

    private static List<String> describe(Counterexample c) {
        List<String> out = new ArrayList<>();
        for (Step s : c.execution().steps()) {
            out.add("T" + (s.thread() + 1) + " " + s.kind() + " " + s.target() + " -> " + s.value() + (s.waited() ? " (waited)" : ""));
        }
        out.add("state " + c.observed().state());
        out.add("results " + c.observed().results());
        return out;
    }

    @ParameterizedTest
    @MethodSource("io.racex.store.jdbc.Databases#kinds")
    void serializableTransactionsWithRetryPassEverySchedule(String kind) {
        Database db = Databases.require(kind);
        ExplorationResult r = Racex.explore(Fixtures.findAndUpdateSerializable(db)).assertNoViolation();
        assertTrue(r.complete(), r.completeness());
    }

    @ParameterizedTest
    @MethodSource("io.racex.store.jdbc.Databases#kinds")
    void aLockWaitExploresEveryScheduleWithoutTimeout(String kind) {
        Database db = Databases.require(kind);
        // every interleaving (naive search): the lock wait must be decided in each one, never timed out
        ExplorationResult r = Racex.explore(Fixtures.lockWait(db)).strategy(io.racex.strategy.DepthFirst::new).assertNoViolation();
        assertTrue(r.complete(), r.completeness());
        assertEquals(5, r.schedules());
        // DPOR: setAutoCommit touches no table, so it commutes with T2's UPDATE and two of those are one trace
        assertEquals(4, Racex.explore(Fixtures.lockWait(db)).assertNoViolation().schedules());
    }

    @ParameterizedTest
    @MethodSource("io.racex.store.jdbc.Databases#kinds")
    void aStatementWaitingForALockIsBlockedUntilTheHolderCommits(String kind) {
        Database db = Databases.require(kind);
        // T1: setAutoCommit(false), SELECT ... FOR UPDATE; T2's UPDATE then waits; T1 updates and commits
        Scenario<Connection> s = Fixtures.lockWait(db).toBuilder().spec(Spec.INVARIANTS_ONLY)
                .invariant("balance went up by 3", st -> st.get("balances").toString().equals("[[1, 103], [2, 100]]")).build();
        ExplorationResult r = Racex.replay(s, "v1:1.1.2.1.1");
        assertFalse(r.failed(), () -> r.counterexample().map(c -> c.violation().message()).orElse(""));
        // the replay must have put T2 in the lock wait: with T2 enabled at step 4 the token would not fit
        assertEquals(1, r.schedules());
    }

    @ParameterizedTest
    @MethodSource("io.racex.store.jdbc.Databases#kinds")
    void theDatabasesDeadlockIsAnOperationOutcome(String kind) {
        Database db = Databases.require(kind);
        Counterexample c = Racex.explore(Fixtures.lockOrder(db)).assertViolation();
        assertEquals(FailureKind.NOT_SERIALIZABLE, c.violation().kind());
        OpResult failed = c.observed().results().values().stream().filter(OpResult::isException).findFirst()
                .orElseThrow(() -> new AssertionError("no operation failed: " + c.observed()));
        assertEquals(SQLTransactionRollbackException.class.getName(), failed.thrown());
        assertTrue(failed.message().contains("(SQLSTATE 40P01)") || failed.message().contains("(SQLSTATE 40001"), failed.message());
        assertTrue(c.execution().steps().stream().anyMatch(Step::waited), "no step waited for a lock");
    }

    @ParameterizedTest
    @MethodSource("io.racex.store.jdbc.Databases#kinds")
    void aPreExistingTableWithTheSameNameSurvivesAFullExploration(String kind) throws Exception {
        Database base = Databases.require(kind);
        String table = "keep_" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xFFFFFFFFL);
        // H2: a shared named in-memory database instead of the private one, so there is something to keep
        Database db = kind.equals("h2") ? Database.parse("jdbc:h2:mem:" + table + ";DB_CLOSE_DELAY=-1") : base;
        try (Connection own = db.connect(db.url()); Statement s = own.createStatement()) {
            s.execute("CREATE TABLE " + table + " (msg VARCHAR(100))");
            s.execute("INSERT INTO " + table + " VALUES ('precious')");
            try {
                Scenario<Connection> scenario = Scenario.<Connection>on("same-name", () -> JdbcStore.builder(db)
                                .setup("CREATE TABLE " + table + " (msg VARCHAR(100))", "INSERT INTO " + table + " VALUES ('msg a')")
                                .state("msg", "SELECT msg FROM " + table).build())
                        .thread(Operation.action("append", c -> append(c, table)))
                        .thread(Operation.action("append", c -> append(c, table)))
                        .spec(Spec.SERIALIZABLE)
                        .build();
                Counterexample c = Racex.explore(scenario).assertViolation();
                assertEquals("msg aa", c.observed().state().get("msg"));
                List<String> rows = new ArrayList<>();
                try (ResultSet r = s.executeQuery("SELECT msg FROM " + table)) {
                    while (r.next()) {
                        rows.add(r.getString(1));
                    }
                }
                assertEquals(List.of("precious"), rows);
            } finally {
                s.execute("DROP TABLE " + table);
                if (kind.equals("h2")) {
                    s.execute("SHUTDOWN");
                }
            }
        }
    }

    private static void append(Connection c, String table) throws Exception {
        String msg;
        try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT msg FROM " + table)) {
            r.next();
            msg = r.getString(1);
        }
        try (PreparedStatement u = c.prepareStatement("UPDATE " + table + " SET msg = ?")) {
            u.setString(1, msg + "a");
            u.executeUpdate();
        }
    }

    @ParameterizedTest
    @MethodSource("io.racex.store.jdbc.Databases#kinds")
    void closeDropsTheScratchSpaceAndOnlyIt(String kind) throws Exception {
        Database db = Databases.require(kind);
        JdbcStore store = Fixtures.messageStore(db).build();
        store.reset();
        String scratch = store.scratchName();
        assertNotNull(scratch);
        assertTrue(scratch.toLowerCase().startsWith("racex_"), scratch);
        assertEquals(!db.isPrivateMemory(), Databases.scratchExists(db, scratch));
        store.close();
        assertFalse(Databases.scratchExists(db, scratch));
    }

    @ParameterizedTest
    @MethodSource("io.racex.store.jdbc.Databases#kinds")
    void badSetupSqlIsOneLineNamingTheStatementAndLeavesNothing(String kind) throws Exception {
        Database db = Databases.require(kind);
        JdbcStore store = JdbcStore.builder(db).setup("CREATE TABLE t (id INT)", "INSERT INTO no_such_table VALUES (1)").build();
        RacexException e = assertThrows(RacexException.class, store::reset);
        assertTrue(e.getMessage().startsWith("setup statement 2 failed: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        // dropped at once, not only when the store is closed
        assertFalse(Databases.scratchExists(db, store.scratchName()));
        store.close();
    }

    @ParameterizedTest
    @MethodSource("io.racex.store.jdbc.Databases#kinds")
    void badSetupThroughTheExplorerIsARacexException(String kind) {
        Database db = Databases.require(kind);
        Scenario<Connection> s = Scenario.<Connection>on("bad", () -> JdbcStore.builder(db).setup("CREAT TABLE t (id INT)").build())
                .thread(Operation.action("a", c -> {}))
                .thread(Operation.action("b", c -> {}))
                .build();
        RacexException e = assertThrows(RacexException.class, () -> Racex.explore(s).run());
        assertTrue(e.getMessage().startsWith("setup statement 1 failed: "), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdbc:postgresql://127.0.0.1:1/nope", "jdbc:mariadb://127.0.0.1:1/nope"})
    void anUnreachableDatabaseIsOneLine(String url) {
        Database db = Database.parse(url);
        RacexException e = assertThrows(RacexException.class, () -> Racex.explore(Fixtures.findAndUpdate(db)).run());
        assertEquals("cannot connect to " + db.kind() + " at 127.0.0.1:1: connection refused (is the server running?)", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"postgresql", "mariadb"})
    void wrongCredentialsAreOneLineWithoutThePassword(String kind) {
        Databases.require(kind);
        String url = kind.equals("postgresql") ? "jdbc:postgresql://127.0.0.1:5432/test?user=racex_nobody&password=s3cret-pw"
                : "jdbc:mariadb://127.0.0.1:3306/test?user=root&password=s3cret-pw";
        Database db = Database.parse(url);
        RacexException e = assertThrows(RacexException.class, () -> Racex.explore(Fixtures.findAndUpdate(db)).run());
        assertTrue(e.getMessage().startsWith("cannot log in to " + kind + " at 127.0.0.1:"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void aThreadThatChangesTheSchemaGetsARebuiltScratchSpaceNextTime() throws Exception {
        try (JdbcStore store = Fixtures.messageStore(Database.h2())
                .state("columns", "SELECT count(*) FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'MESSAGE'").build()) {
            store.reset();
            Connection c = store.handle(0, io.racex.store.StepGate.DIRECT);
            try (Statement st = c.createStatement()) {
                st.execute("ALTER TABLE message ADD COLUMN extra INT");
            }
            assertEquals(3L, store.snapshot().get("columns"));
            store.endExecution();
            store.reset();
            assertEquals(2L, store.snapshot().get("columns"));
            assertEquals(1L, store.resetCounts()[1] - 1, "one rebuild after the first build");
        }
    }

    @Test
    void aPostgresqlTableKeepsItsRowsInTheSamePhysicalOrderExecutionAfterExecution() throws Exception {
        // a sequential or bitmap scan reaches and locks rows in their physical order (an UPDATE of several
        // rows), so the same steps must leave them in the same order in every execution; a reset that
        // only deletes lets the table's page fill with old row versions until PostgreSQL prunes them
        // and puts new rows in the freed slots, before older ones
        Database db = Databases.require("postgresql");
        try (JdbcStore store = JdbcStore.builder(db)
                .setup("CREATE TABLE test (id INT PRIMARY KEY, val INT NOT NULL)", "INSERT INTO test (id, val) VALUES (1, 10), (2, 20)")
                .state("order", "SELECT string_agg(id::text, ' ' ORDER BY ctid) FROM test").build()) {
            List<Object> orders = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                store.reset();
                Connection c = store.handle(0, io.racex.store.StepGate.DIRECT);
                try (Statement st = c.createStatement()) {
                    st.execute("UPDATE test SET val = val + 2 WHERE id = 1");
                    st.execute("UPDATE test SET val = val + 1 WHERE id IN (1, 2)");
                    st.execute("UPDATE test SET val = val + 2 WHERE id = 2");
                }
                orders.add(store.snapshot().get("order"));
                store.endExecution();
            }
            assertEquals(List.of("1 2"), orders.stream().distinct().toList(), orders.toString());
            // new storage (TRUNCATE, milliseconds) only now and then: most resets are the cheap DELETE reload
            long[] counts = store.resetCounts();
            assertEquals(149L, counts[0], "every reset after the first build reloads");
            assertTrue(counts[2] >= 1 && counts[2] <= counts[0] / 4, "fresh storage in " + counts[2] + " of " + counts[0] + " reloads");
        }
    }

    @Test
    void aMariadbResetLeavesNoDeletedRecordsForTheNextExecutionToLock() throws Exception {
        // InnoDB's DELETE only marks records deleted; its purge threads remove them later, at no
        // foreseeable moment. A locking read locks the marked records it passes as well, and when purge
        // removes one its locks move to the next record's gap as new lock structs: two transactions
        // taking the same steps then hold different numbers of locks, and InnoDB rolls back the one with
        // fewer in a deadlock (idempotency-key at SERIALIZABLE: the deadlock victim changed between
        // executions of the same schedule). So after every reset a locking scan of a table must lock
        // exactly its rows and the end of the page, never a record an earlier execution left behind.
        Database db = Databases.require("mariadb");
        try (JdbcStore store = JdbcStore.builder(db)
                .setup("CREATE TABLE payment (id INT NOT NULL, k VARCHAR(8) NOT NULL)", "INSERT INTO payment (id, k) VALUES (0, 'k-0')",
                        "CREATE TABLE account (id INT PRIMARY KEY, balance INT NOT NULL)", "INSERT INTO account (id, balance) VALUES (1, 10), (2, 20)")
                .build()) {
            List<String> locked = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                store.reset();
                Connection c = store.handle(0, io.racex.store.StepGate.DIRECT);
                c.setAutoCommit(false);
                String id;
                try (Statement st = c.createStatement()) {
                    id = single(st, "SELECT CONNECTION_ID()");
                    locked.add(rowLocks(st, id, "SELECT * FROM payment LOCK IN SHARE MODE") + " "
                            + rowLocks(st, id, "SELECT * FROM account LOCK IN SHARE MODE"));
                    st.execute("INSERT INTO payment (id, k) VALUES (1, 'k-1'), (2, 'k-1')");
                    st.execute("INSERT INTO account (id, balance) VALUES (3, 30)");
                    st.execute("DELETE FROM account WHERE id = 1");
                }
                c.commit();
                c.setAutoCommit(true);
                store.endExecution();
            }
            // one row and the supremum; two rows and the supremum (each scan in its own transaction)
            assertEquals(List.of("2 3"), locked.stream().distinct().toList(), locked.toString());
        }
    }

    private static String single(Statement st, String sql) throws Exception {
        try (ResultSet r = st.executeQuery(sql)) {
            r.next();
            return r.getString(1);
        }
    }

    /** The row locks InnoDB's status lists for session {@code id} after it ran {@code scan} in a transaction of its own. */
    private static long rowLocks(Statement st, String id, String scan) throws Exception {
        st.executeQuery(scan).close();
        String status;
        try (Statement m = st.getConnection().createStatement(); ResultSet r = m.executeQuery("SHOW ENGINE INNODB STATUS")) {
            r.next();
            status = r.getString(3);
        }
        st.getConnection().rollback();
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("(\\d+) row lock\\(s\\)[^\\n]*\\n(?:MariaDB|MySQL) thread id " + id + ",").matcher(status);
        assertTrue(m.find(), status);
        return Long.parseLong(m.group(1));
    }
}
