package io.racex.samples.repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The fix of {@link AccountRepository}: the check and the write are one conditional statement,
 * {@code UPDATE account SET balance = balance - ? WHERE id = ? AND balance >= ?}, so the database
 * decides on the balance it holds when it writes. {@code racex explore withdraw-repository-fixed}
 * passes, complete.
 */
public class FixedAccountRepository {
    private final DataSource dataSource;

    public FixedAccountRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Takes {@code amount} from account {@code id} if the balance covers it; whether it did. */
    public boolean withdraw(int id, int amount) throws SQLException {
        try (Connection c = dataSource.getConnection();
             PreparedStatement u = c.prepareStatement("UPDATE account SET balance = balance - ? WHERE id = ? AND balance >= ?")) {
            u.setInt(1, amount);
            u.setInt(2, id);
            u.setInt(3, amount);
            return u.executeUpdate() == 1;
        }
    }
}
