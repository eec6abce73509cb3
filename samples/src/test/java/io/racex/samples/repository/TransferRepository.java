package io.racex.samples.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Moves money between two accounts in one transaction, debit first: two opposite transfers lock
 * the two rows in opposite orders, and the database breaks the deadlock by failing one.
 */
class TransferRepository {
    private final DataSource dataSource;

    TransferRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    void transfer(int from, int to, int amount) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                add(c, from, -amount);
                add(c, to, amount);
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private static void add(Connection c, int id, int amount) throws SQLException {
        try (PreparedStatement u = c.prepareStatement("UPDATE account SET balance = balance + ? WHERE id = ?")) {
            u.setInt(1, amount);
            u.setInt(2, id);
            u.executeUpdate();
        }
    }
}
