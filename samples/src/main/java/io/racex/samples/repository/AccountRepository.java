package io.racex.samples.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Application code as it is written, with plain JDBC and nothing of racex in it: seed 002's
 * withdrawal reads the balance, checks it, and writes back the balance minus the amount, in one
 * transaction. Two withdrawals that both read the balance before either writes both succeed, and
 * one is lost: {@code racex explore withdraw-repository --db postgresql} finds it.
 */
public class AccountRepository {
    private final DataSource dataSource;

    public AccountRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Takes {@code amount} from account {@code id} if the balance covers it; whether it did. */
    public boolean withdraw(int id, int amount) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int balance = balance(c, id);
                if (balance < amount) {
                    c.rollback();
                    return false;
                }
                try (PreparedStatement u = c.prepareStatement("UPDATE account SET balance = ? WHERE id = ?")) {
                    u.setInt(1, balance - amount);
                    u.setInt(2, id);
                    u.executeUpdate();
                }
                c.commit();
                return true;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    static int balance(Connection c, int id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT balance FROM account WHERE id = ?")) {
            s.setInt(1, id);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next()) {
                    throw new SQLException("no account " + id);
                }
                return r.getInt(1);
            }
        }
    }
}
