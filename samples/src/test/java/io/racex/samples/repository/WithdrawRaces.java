package io.racex.samples.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.racex.junit.RacexDatabase;
import io.racex.junit.RacexJdbc;
import io.racex.junit.RacexTest;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Fixtures, not run by themselves (the name does not end in Test): a service's two Java threads
 * withdraw through the plain-JDBC repositories of this package on racex's data source. The buggy
 * ones must fail with the lost withdrawal, the fixed one pass; {@link RepositoryRacexTest} checks
 * that, on H2 here and on the other databases through the subclasses.
 */
@RacexDatabase(value = "h2", setup = {WithdrawRaces.TABLE, WithdrawRaces.ROW})
public class WithdrawRaces {
    static final String TABLE = "CREATE TABLE account (id INT PRIMARY KEY, balance INT NOT NULL)";
    static final String ROW = "INSERT INTO account (id, balance) VALUES (1, 100), (2, 100)";

    /** What a withdrawal does; each is called from its own Java thread. */
    interface Withdraw {
        boolean withdraw(DataSource ds, int id, int amount) throws SQLException;
    }

    /**
     * Two threads withdraw 60 and 30 from a balance of 100: both may succeed (100 covers both), but
     * the balance must then be 10; any balance that is not 100 minus what succeeded lost a withdrawal.
     */
    static void withdrawTwice(Withdraw w) throws Exception {
        DataSource ds = RacexJdbc.dataSource();
        boolean[] ok = new boolean[2];
        Thread t1 = new Thread(() -> ok[0] = call(w, ds, 60));
        Thread t2 = new Thread(() -> ok[1] = call(w, ds, 30));
        t1.start();
        t2.start();
        t1.join();
        t2.join();
        int withdrawn = (ok[0] ? 60 : 0) + (ok[1] ? 30 : 0);
        try (Connection c = ds.getConnection()) {
            assertEquals(100 - withdrawn, AccountRepository.balance(c, 1), "balance after withdrawing " + withdrawn + " of 100");
        }
    }

    private static boolean call(Withdraw w, DataSource ds, int amount) {
        try {
            return w.withdraw(ds, 1, amount);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The sample's repository: read, check, write back, in one transaction. */
    @RacexTest
    void transactionalWithdrawals() throws Exception {
        withdrawTwice((ds, id, amount) -> new AccountRepository(ds).withdraw(id, amount));
    }

    /** The same read, check and write back with auto-commit on: each statement its own transaction. */
    @RacexTest
    void autoCommitWithdrawals() throws Exception {
        withdrawTwice((ds, id, amount) -> new AutoCommitAccountRepository(ds).withdraw(id, amount));
    }

    /** The fix: one conditional UPDATE ... WHERE balance >= ?. */
    @RacexTest
    void fixedWithdrawals() throws Exception {
        withdrawTwice((ds, id, amount) -> new FixedAccountRepository(ds).withdraw(id, amount));
    }

    /** Reads with {@code SELECT ... FOR UPDATE}: correct, and one thread's read waits for the other's transaction. */
    @RacexTest
    void lockingWithdrawals() throws Exception {
        withdrawTwice((ds, id, amount) -> new LockingAccountRepository(ds).withdraw(id, amount));
    }

    /**
     * Two opposite transfers between accounts 1 and 2: each locks its debited row, then waits for
     * the other's; the database breaks the cycle by failing one transfer, which the thread throws.
     */
    @RacexTest
    void oppositeTransfers() throws Exception {
        DataSource ds = RacexJdbc.dataSource();
        Thread t1 = new Thread(() -> transfer(ds, 1, 2));
        Thread t2 = new Thread(() -> transfer(ds, 2, 1));
        t1.start();
        t2.start();
        t1.join();
        t2.join();
    }

    private static void transfer(DataSource ds, int from, int to) {
        try {
            new TransferRepository(ds).transfer(from, to, 10);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A connection got on the test body's thread and used by a thread it starts: refused with a message. */
    @RacexTest
    void connectionHandedToAnotherThread() throws Exception {
        try (Connection c = RacexJdbc.dataSource().getConnection()) {
            Thread t = new Thread(() -> {
                try {
                    AccountRepository.balance(c, 1);
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            t.start();
            t.join();
        }
    }

    /** The same fixtures on PostgreSQL. */
    @RacexDatabase(value = "postgresql", setup = {TABLE, ROW})
    public static class OnPostgres extends WithdrawRaces {}

    /** The same fixtures on MariaDB. */
    @RacexDatabase(value = "mariadb", setup = {TABLE, ROW})
    public static class OnMariaDb extends WithdrawRaces {}
}
