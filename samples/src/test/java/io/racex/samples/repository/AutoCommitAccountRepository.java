package io.racex.samples.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/** {@link AccountRepository}'s read, check and write back with auto-commit on: the same lost withdrawal, without a transaction. */
class AutoCommitAccountRepository {
    private final DataSource dataSource;

    AutoCommitAccountRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    boolean withdraw(int id, int amount) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(true);
            int balance = AccountRepository.balance(c, id);
            if (balance < amount) {
                return false;
            }
            try (PreparedStatement u = c.prepareStatement("UPDATE account SET balance = ? WHERE id = ?")) {
                u.setInt(1, balance - amount);
                u.setInt(2, id);
                u.executeUpdate();
            }
            return true;
        }
    }
}
