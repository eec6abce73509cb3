package io.racex.samples.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.racex.junit.RacexDatabase;
import io.racex.junit.RacexJdbc;
import io.racex.junit.RacexTest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The example of docs/user-guide.md ("Threads that call a database"), compiled and run by
 * {@link RepositoryRacexTest#theUserGuideExampleFailsAsThePageSays}: if it stops compiling or
 * failing as the page says, that test fails. Not run by itself (it fails, as it should).
 */
class WithdrawExample {
    @RacexTest
    @RacexDatabase(value = "h2", setup = {
            "CREATE TABLE account (id INT PRIMARY KEY, balance INT NOT NULL)",
            "INSERT INTO account (id, balance) VALUES (1, 100)"})
    void withdrawalsAreNotLost() throws Exception {
        AccountRepository accounts = new AccountRepository(RacexJdbc.dataSource());
        boolean[] ok = new boolean[2];
        Thread t1 = new Thread(() -> ok[0] = withdraw(accounts, 60));
        Thread t2 = new Thread(() -> ok[1] = withdraw(accounts, 30));
        t1.start(); t2.start(); t1.join(); t2.join();
        int withdrawn = (ok[0] ? 60 : 0) + (ok[1] ? 30 : 0);
        try (Connection c = RacexJdbc.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT balance FROM account WHERE id = 1")) {
            r.next();
            assertEquals(100 - withdrawn, r.getInt(1));
        }
    }

    static boolean withdraw(AccountRepository accounts, int amount) {
        try {
            return accounts.withdraw(1, amount);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
