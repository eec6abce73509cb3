package io.racex.store.jdbc;

import io.racex.Operation;
import io.racex.Scenario;
import io.racex.Spec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.List;
import java.util.function.Supplier;

/** Scenarios of the tests (the samples module has the same ones for users; core cannot see it). */
final class Fixtures {
    static final LocalDateTime TIME = LocalDateTime.of(2009, 1, 1, 0, 0);

    private Fixtures() {}

    static JdbcStore.Builder messageStore(Database db) {
        String type = db.kind().equals("mariadb") ? "DATETIME" : "TIMESTAMP";
        return JdbcStore.builder(db)
                .setup(List.of("CREATE TABLE message (msg VARCHAR(100) NOT NULL, time " + type + " NOT NULL PRIMARY KEY)",
                        "INSERT INTO message (msg, time) VALUES ('msg a', TIMESTAMP '2009-01-01 00:00:00')"))
                .state("message", "SELECT msg FROM message");
    }

    static void update(Connection c, boolean forUpdate) throws SQLException {
        String msg = null;
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM message WHERE time = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            s.setObject(1, TIME);
            try (ResultSet r = s.executeQuery()) {
                if (r.next()) {
                    msg = r.getString("msg");
                }
            }
        }
        if (msg != null) {
            try (PreparedStatement u = c.prepareStatement("UPDATE message SET msg = ? WHERE time = ?")) {
                u.setString(1, msg + "a");
                u.setObject(2, TIME);
                u.executeUpdate();
            }
        }
    }

    static Scenario<Connection> findAndUpdate(Database db) {
        return findAndUpdate(() -> messageStore(db).build());
    }

    /** The find-and-update scenario on stores {@code stores} makes. */
    static Scenario<Connection> findAndUpdate(Supplier<JdbcStore> stores) {
        return Scenario.<Connection>on("find-and-update", stores::get)
                .thread(Operation.action("update('a')", c -> update(c, false)))
                .thread(Operation.action("update('a')", c -> update(c, false)))
                .spec(Spec.SERIALIZABLE)
                .build();
    }

    static Scenario<Connection> findAndUpdateSerializable(Database db) {
        Operation<Connection> op = Operation.action("update('a')", c -> {
            c.setAutoCommit(false);
            c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            Jdbc.retrying(c, 3, Jdbc.RETRYABLE, tx -> {
                update(tx, false);
                return null;
            });
        });
        return Scenario.<Connection>on("find-and-update-serializable", () -> messageStore(db).build())
                .thread(op).thread(op).spec(Spec.SERIALIZABLE).build();
    }

    static JdbcStore.Builder accountStore(Database db) {
        return JdbcStore.builder(db)
                .setup("CREATE TABLE account (id INT PRIMARY KEY, balance INT NOT NULL)",
                        "INSERT INTO account (id, balance) VALUES (1, 100), (2, 100)")
                .state("balances", "SELECT id, balance FROM account ORDER BY id");
    }

    static void transfer(Connection c, int from, int to) throws SQLException {
        c.setAutoCommit(false);
        try {
            try (PreparedStatement u = c.prepareStatement("UPDATE account SET balance = balance - 10 WHERE id = ?")) {
                u.setInt(1, from);
                u.executeUpdate();
            }
            try (PreparedStatement u = c.prepareStatement("UPDATE account SET balance = balance + 10 WHERE id = ?")) {
                u.setInt(1, to);
                u.executeUpdate();
            }
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        }
    }

    /** Opposite lock orders: some schedules deadlock in the database. */
    static Scenario<Connection> lockOrder(Database db) {
        return Scenario.<Connection>on("lock-order", () -> accountStore(db).build())
                .thread(Operation.action("transfer(1->2)", c -> transfer(c, 1, 2)))
                .thread(Operation.action("transfer(2->1)", c -> transfer(c, 2, 1)))
                .spec(Spec.SERIALIZABLE)
                .build();
    }

    /**
     * Opposite lock orders taken with {@code SELECT ... FOR UPDATE}; the operations do not roll
     * back when refused, so only the database (and racex's dialect) can release the victim's locks.
     */
    static Scenario<Connection> lockOrderForUpdate(Database db) {
        return Scenario.<Connection>on("lock-order-for-update", () -> accountStore(db).build())
                .thread(Operation.action("lock(1, 2)", c -> lockRows(c, 1, 2)))
                .thread(Operation.action("lock(2, 1)", c -> lockRows(c, 2, 1)))
                .spec(Spec.SERIALIZABLE)
                .build();
    }

    static void lockRows(Connection c, int first, int second) throws SQLException {
        c.setAutoCommit(false);
        for (int id : new int[] {first, second}) {
            try (PreparedStatement s = c.prepareStatement("SELECT balance FROM account WHERE id = ? FOR UPDATE")) {
                s.setInt(1, id);
                try (ResultSet r = s.executeQuery()) {
                    r.next();
                }
            }
        }
        c.commit();
    }

    /** T1 holds row 1 from SELECT ... FOR UPDATE to COMMIT; T2's UPDATE of it must wait. */
    static Scenario<Connection> lockWait(Database db) {
        return Scenario.<Connection>on("lock-wait", () -> accountStore(db).build())
                .thread(Operation.action("hold", c -> {
                    c.setAutoCommit(false);
                    try (PreparedStatement s = c.prepareStatement("SELECT balance FROM account WHERE id = 1 FOR UPDATE");
                         ResultSet r = s.executeQuery()) {
                        r.next();
                    }
                    try (PreparedStatement u = c.prepareStatement("UPDATE account SET balance = balance + 1 WHERE id = 1")) {
                        u.executeUpdate();
                    }
                    c.commit();
                }))
                .thread(Operation.action("bump", c -> {
                    try (PreparedStatement u = c.prepareStatement("UPDATE account SET balance = balance + 2 WHERE id = 1")) {
                        u.executeUpdate();
                    }
                }))
                .spec(Spec.SERIALIZABLE)
                .build();
    }
}
