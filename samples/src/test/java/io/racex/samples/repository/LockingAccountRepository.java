package io.racex.samples.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * {@link AccountRepository} with the read locking the row ({@code SELECT ... FOR UPDATE}): a second
 * withdrawal's read waits until the first commits, then sees its balance. Correct, and it makes
 * threads wait on each other in the database.
 */
class LockingAccountRepository {
    private final DataSource dataSource;

    LockingAccountRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    boolean withdraw(int id, int amount) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                int balance;
                try (PreparedStatement s = c.prepareStatement("SELECT balance FROM account WHERE id = ? FOR UPDATE")) {
                    s.setInt(1, id);
                    try (ResultSet r = s.executeQuery()) {
                        r.next();
                        balance = r.getInt(1);
                    }
                }
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
}
