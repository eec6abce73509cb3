package io.racex.samples;

import io.racex.Operation;
import io.racex.Scenario;
import io.racex.Spec;
import io.racex.store.jdbc.Database;
import io.racex.store.jdbc.Jdbc;
import io.racex.store.jdbc.JdbcStore;
import io.racex.samples.repository.AccountRepository;
import io.racex.samples.repository.FixedAccountRepository;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;

/**
 * The database samples: plain JDBC operations run on H2 (default), PostgreSQL or MariaDB.
 *
 * <pre>
 * $ racex explore find-and-update
 * racex: VIOLATION in find-and-update: not serializable (lost update)
 *   observed message='msg aa' is not the outcome of any serial order
 * ...
 *   step  T1                                              T2
 *   1     SELECT * FROM message WHERE time = … -> ('msg a', …)
 *   2                                                     SELECT * FROM message WHERE time = … -> ('msg a', …)
 *   3     UPDATE message SET msg = 'msg aa' … -> 1 row
 *   4                                                     UPDATE message SET msg = 'msg aa' … -> 1 row
 * $ racex explore find-and-update-serializable --db postgresql     # exit 0
 * $ racex explore find-and-update-for-update --db mariadb          # exit 0
 * </pre>
 */
public final class JdbcSamples {
    /** The message's timestamp in seed 003: {@code '2009-01-01:00:00:00'}. */
    static final LocalDateTime TIME = LocalDateTime.of(2009, 1, 1, 0, 0, 0);
    /** Attempts of a retried transaction, as the course's {@code retry(task, 2, …)} plus one. */
    static final int ATTEMPTS = 3;

    private JdbcSamples() {}

    static void register() {
        SampleCatalog.addDatabase("find-and-update", "seed 003: two threads each SELECT the message and UPDATE it with 'a' "
                + "appended, in auto-commit: 'msg aa' instead of 'msg aaa', a lost update", true, JdbcSamples::findAndUpdate);
        SampleCatalog.addDatabase("find-and-update-serializable", "find-and-update as one SERIALIZABLE transaction, retried "
                + "on SQLSTATE 40001/40P01 (at most " + ATTEMPTS + " attempts): always 'msg aaa'", false,
                JdbcSamples::findAndUpdateSerializable);
        SampleCatalog.addDatabase("find-and-update-for-update", "find-and-update in a transaction whose SELECT ... FOR UPDATE "
                + "locks the row: the second thread waits, always 'msg aaa'", false, JdbcSamples::findAndUpdateForUpdate);
        SampleCatalog.addDatabase("lock-wait", "T1 holds a row lock (SELECT ... FOR UPDATE, UPDATE, COMMIT) while T2's "
                + "UPDATE must wait for it: every schedule, blocking decided by the database", false, JdbcSamples::lockWait);
        SampleCatalog.addDatabase("lock-order-deadlock", "two transactions update rows 1 and 2 in opposite orders: "
                + "the database's deadlock error is an operation's outcome", true, JdbcSamples::lockOrderDeadlock);
        SampleCatalog.addDatabase("lock-order-deadlock-fixed", "both transactions update row 1 before row 2: no deadlock",
                false, JdbcSamples::lockOrderFixed);
        SampleCatalog.addDatabase("withdraw-repository", "seed 002 in application code: a plain-JDBC AccountRepository reads the "
                + "balance, checks it and writes it back; two withdrawals of 100 from 100 both succeed, one is lost", true,
                JdbcSamples::withdrawRepository);
        SampleCatalog.addDatabase("withdraw-repository-fixed", "the repository's fix: one conditional UPDATE ... WHERE balance >= ?; "
                + "the second withdrawal is refused", false, JdbcSamples::withdrawRepositoryFixed);
    }

    // ---- the user's own JDBC code: a repository behind a DataSource (seed 002) ---------------------

    private static JdbcStore oneAccountStore(Database db) {
        return JdbcStore.builder(db)
                .setup("CREATE TABLE account (id INT PRIMARY KEY, balance INT NOT NULL)",
                        "INSERT INTO account (id, balance) VALUES (1, 100)")
                .state("balance", "SELECT balance FROM account WHERE id = 1")
                .build();
    }

    /**
     * Two requests call {@link AccountRepository#withdraw} on a {@link Jdbc#dataSource racex data
     * source}: every statement, commit and rollback of the repository is a step.
     */
    public static Scenario<Connection> withdrawRepository(Database db) {
        Operation<Connection> withdraw = Operation.of("withdraw(1, 100)",
                c -> new AccountRepository(Jdbc.dataSource(c)).withdraw(1, 100));
        return Scenario.<Connection>on("withdraw-repository", () -> oneAccountStore(db))
                .description("two withdrawals of 100 from a balance of 100 through a plain-JDBC repository: both succeed")
                .thread(withdraw).thread(withdraw).spec(Spec.SERIALIZABLE).build();
    }

    /** The same with {@link FixedAccountRepository}: every schedule refuses one withdrawal. */
    public static Scenario<Connection> withdrawRepositoryFixed(Database db) {
        Operation<Connection> withdraw = Operation.of("withdraw(1, 100)",
                c -> new FixedAccountRepository(Jdbc.dataSource(c)).withdraw(1, 100));
        return Scenario.<Connection>on("withdraw-repository-fixed", () -> oneAccountStore(db))
                .description("the repository's conditional UPDATE: exactly one withdrawal of 100 from 100 succeeds")
                .thread(withdraw).thread(withdraw).spec(Spec.SERIALIZABLE).build();
    }

    // ---- find-and-update (seed 003) ------------------------------------------------------------

    private static JdbcStore messageStore(Database db) {
        return messageStoreBuilder(db).build();
    }

    /** The store of the find-and-update samples, for the benchmark ({@code io.racex.cli.JdbcBench}) to try each way of resetting it. */
    public static JdbcStore.Builder messageStoreBuilder(Database db) {
        // MariaDB may give the first TIMESTAMP column ON UPDATE CURRENT_TIMESTAMP: DATETIME never changes by itself.
        // Messages are found by their time, so it is the key: without an index InnoDB's SERIALIZABLE reads lock
        // every record and the gap after, and which transaction a deadlock then aborts is no longer the same
        // for the same schedule
        String type = db.kind().equals("mariadb") ? "DATETIME" : "TIMESTAMP";
        return JdbcStore.builder(db)
                .setup("CREATE TABLE message (msg VARCHAR(100) NOT NULL, time " + type + " NOT NULL PRIMARY KEY)",
                        "INSERT INTO message (msg, time) VALUES ('msg a', TIMESTAMP '2009-01-01 00:00:00')")
                .state("message", "SELECT msg FROM message");
    }

    /**
     * The echo app's {@code update(time, appendMsg)}: find the message by its time, then update it
     * with {@code append} added. Two statements, so another update can run between them.
     */
    public static void update(Connection c, LocalDateTime time, String append, boolean forUpdate) throws SQLException {
        String msg = null;
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM message WHERE time = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            s.setObject(1, time);
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    msg = r.getString("msg");
                }
            }
        }
        if (msg != null) {
            try (PreparedStatement u = c.prepareStatement("UPDATE message SET msg = ? WHERE time = ?")) {
                u.setString(1, msg + append);
                u.setObject(2, time);
                u.executeUpdate();
            }
        }
    }

    /** Seed 003: two concurrent {@code update('a')} calls in auto-commit lose one append. */
    public static Scenario<Connection> findAndUpdate(Database db) {
        return Scenario.<Connection>on("find-and-update", () -> messageStore(db))
                .description("seed 003: SELECT then UPDATE, twice at once, in auto-commit: a lost update")
                .thread(Operation.action("update('a')", c -> update(c, TIME, "a", false)))
                .thread(Operation.action("update('a')", c -> update(c, TIME, "a", false)))
                .spec(Spec.SERIALIZABLE)
                .build();
    }

    /** The course's fix: SERIALIZABLE, one transaction, rolled back and retried when the database refuses it. */
    public static Scenario<Connection> findAndUpdateSerializable(Database db) {
        Operation<Connection> op = Operation.action("update('a')", c -> {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            Jdbc.retrying(c, ATTEMPTS, Jdbc.RETRYABLE, tx -> {
                update(tx, TIME, "a", false);
                return null;
            });
        });
        return Scenario.<Connection>on("find-and-update-serializable", () -> messageStore(db))
                .description("find-and-update as a SERIALIZABLE transaction retried on 40001/40P01: always 'msg aaa'")
                .thread(op)
                .thread(op)
                .spec(Spec.SERIALIZABLE)
                .build();
    }

    /** The other fix: lock the row when reading it, so the second update waits for the first to commit. */
    public static Scenario<Connection> findAndUpdateForUpdate(Database db) {
        Operation<Connection> op = Operation.action("update('a')", c -> {
            c.setAutoCommit(false);
            try {
                update(c, TIME, "a", true);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        });
        return Scenario.<Connection>on("find-and-update-for-update", () -> messageStore(db))
                .description("find-and-update with SELECT ... FOR UPDATE in a transaction: always 'msg aaa'")
                .thread(op)
                .thread(op)
                .spec(Spec.SERIALIZABLE)
                .build();
    }

    // ---- lock waits and deadlocks ------------------------------------------------------------------

    private static JdbcStore counterStore(Database db) {
        return JdbcStore.builder(db)
                .setup("CREATE TABLE counter (id INT PRIMARY KEY, n INT NOT NULL)", "INSERT INTO counter (id, n) VALUES (1, 0)")
                .state("n", "SELECT n FROM counter WHERE id = 1")
                .build();
    }

    /** T1 reads the counter FOR UPDATE and writes it back in a transaction; T2's plain UPDATE must wait while T1 holds the row. */
    public static Scenario<Connection> lockWait(Database db) {
        return Scenario.<Connection>on("lock-wait", () -> counterStore(db))
                .description("T1 holds the row lock from SELECT ... FOR UPDATE to COMMIT; T2's UPDATE waits for it")
                .thread(Operation.action("increment-locked", c -> {
                    c.setAutoCommit(false);
                    try {
                        int n;
                        try (PreparedStatement s = c.prepareStatement("SELECT n FROM counter WHERE id = 1 FOR UPDATE");
                             ResultSet r = s.executeQuery()) {
                            r.next();
                            n = r.getInt(1);
                        }
                        try (PreparedStatement u = c.prepareStatement("UPDATE counter SET n = ? WHERE id = 1")) {
                            u.setInt(1, n + 1);
                            u.executeUpdate();
                        }
                        c.commit();
                    } catch (SQLException | RuntimeException e) {
                        c.rollback();
                        throw e;
                    }
                }))
                .thread(Operation.action("increment", c -> {
                    try (PreparedStatement u = c.prepareStatement("UPDATE counter SET n = n + 1 WHERE id = 1")) {
                        u.executeUpdate();
                    }
                }))
                .spec(Spec.SERIALIZABLE)
                .build();
    }

    private static JdbcStore accountStore(Database db) {
        return JdbcStore.builder(db)
                .setup("CREATE TABLE account (id INT PRIMARY KEY, balance INT NOT NULL)",
                        "INSERT INTO account (id, balance) VALUES (1, 100), (2, 100)")
                .state("balances", "SELECT id, balance FROM account ORDER BY id")
                .build();
    }

    /** Moves {@code amount} from account {@code from} to {@code to}: two row updates, in that order, one transaction. */
    static void transfer(Connection c, int from, int to, int amount) throws SQLException {
        c.setAutoCommit(false);
        try {
            try (PreparedStatement u = c.prepareStatement("UPDATE account SET balance = balance - ? WHERE id = ?")) {
                u.setInt(1, amount);
                u.setInt(2, from);
                u.executeUpdate();
            }
            try (PreparedStatement u = c.prepareStatement("UPDATE account SET balance = balance + ? WHERE id = ?")) {
                u.setInt(1, amount);
                u.setInt(2, to);
                u.executeUpdate();
            }
            c.commit();
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        }
    }

    /** T1 locks row 1 then 2, T2 row 2 then 1: when both hold their first row, the database breaks the cycle. */
    public static Scenario<Connection> lockOrderDeadlock(Database db) {
        return Scenario.<Connection>on("lock-order-deadlock", () -> accountStore(db))
                .description("transfers 1->2 and 2->1 lock the two rows in opposite orders: the database reports a deadlock")
                .thread(Operation.action("transfer(1->2,10)", c -> transfer(c, 1, 2, 10)))
                .thread(Operation.action("transfer(2->1,20)", c -> transfer(c, 2, 1, 20)))
                .spec(Spec.SERIALIZABLE)
                .build();
    }

    /** Both transfers update the lower id first, so neither can hold what the other waits for. */
    public static Scenario<Connection> lockOrderFixed(Database db) {
        return Scenario.<Connection>on("lock-order-deadlock-fixed", () -> accountStore(db))
                .description("both transfers update row 1 first: one waits for the other, no deadlock")
                .thread(Operation.action("transfer(1->2,10)", c -> transfer(c, 1, 2, 10)))
                .thread(Operation.action("transfer(2->1,20) in id order", c -> {
                    c.setAutoCommit(false);
                    try {
                        try (PreparedStatement u = c.prepareStatement("UPDATE account SET balance = balance + ? WHERE id = ?")) {
                            u.setInt(1, 20);
                            u.setInt(2, 1);
                            u.executeUpdate();
                        }
                        try (PreparedStatement u = c.prepareStatement("UPDATE account SET balance = balance - ? WHERE id = ?")) {
                            u.setInt(1, 20);
                            u.setInt(2, 2);
                            u.executeUpdate();
                        }
                        c.commit();
                    } catch (SQLException | RuntimeException e) {
                        c.rollback();
                        throw e;
                    }
                }))
                .spec(Spec.SERIALIZABLE)
                .build();
    }
}
