package io.racex.samples.repository;

import io.racex.junit.RacexDatabase;
import io.racex.junit.RacexJdbc;
import io.racex.junit.RacexTest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Fixtures, not run by themselves (the name does not end in Test): a deadlock that mixes a Java
 * monitor and a database row lock. One thread holds an account's monitor and updates its row;
 * the other updates the row first, in an open transaction, then enters the monitor. In the
 * schedules where each gets its first lock before the other's second, neither the Java model nor
 * the database sees the whole cycle; {@link MixedDeadlockTest} checks that racex reports it.
 */
@RacexDatabase(value = "h2", setup = {WithdrawRaces.TABLE, WithdrawRaces.ROW})
public class MixedDeadlocks {
    /** The Java side of an account: its monitor guards an in-memory cache of the balance. */
    static final class Account {
        int cached;
    }

    @RacexTest
    void monitorThenRow() throws Exception {
        DataSource ds = RacexJdbc.dataSource();
        Account account = new Account();
        Thread a = new Thread(() -> {
            synchronized (account) {
                // holds the monitor while it waits for the row
                account.cached = update(ds, -10, null);
            }
        });
        Thread b = new Thread(() -> update(ds, -20, account));
        a.start();
        b.start();
        a.join();
        b.join();
    }

    /**
     * One thread updates the row and ends without committing (its transaction left open, the row
     * locked until the execution ends); the other then waits in the database for it for ever.
     */
    @RacexTest
    void leftOpen() throws Exception {
        DataSource ds = RacexJdbc.dataSource();
        Thread a = new Thread(() -> {
            try {
                Connection c = ds.getConnection();
                c.setAutoCommit(false);
                try (PreparedStatement u = c.prepareStatement("UPDATE account SET balance = balance - 10 WHERE id = 1")) {
                    u.executeUpdate();
                }
                // no commit: the bug
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        });
        a.start();
        a.join();
        update(ds, -20, null);
    }

    /**
     * Adds {@code amount} to account 1's balance in a transaction; with {@code account}, enters its
     * monitor between the update and the commit (the row lock held).
     */
    private static int update(DataSource ds, int amount, Account account) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement u = c.prepareStatement("UPDATE account SET balance = balance + ? WHERE id = 1")) {
                u.setInt(1, amount);
                u.executeUpdate();
            }
            if (account != null) {
                synchronized (account) {
                    account.cached += amount;
                }
            }
            c.commit();
            return amount;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same fixture on PostgreSQL. */
    @RacexDatabase(value = "postgresql", setup = {WithdrawRaces.TABLE, WithdrawRaces.ROW})
    public static class OnPostgres extends MixedDeadlocks {}

    /** The same fixture on MariaDB. */
    @RacexDatabase(value = "mariadb", setup = {WithdrawRaces.TABLE, WithdrawRaces.ROW})
    public static class OnMariaDb extends MixedDeadlocks {}
}
