package io.racex.store.jdbc;

import io.racex.RacexException;
import java.sql.Connection;
import java.util.Locale;

/** A transaction isolation level, or the database's own default. */
public enum Isolation {
    READ_UNCOMMITTED(Connection.TRANSACTION_READ_UNCOMMITTED),
    READ_COMMITTED(Connection.TRANSACTION_READ_COMMITTED),
    REPEATABLE_READ(Connection.TRANSACTION_REPEATABLE_READ),
    SERIALIZABLE(Connection.TRANSACTION_SERIALIZABLE),
    /** Whatever the database uses when nobody asks (READ COMMITTED on H2 and PostgreSQL, REPEATABLE READ on MariaDB). */
    DEFAULT(-1);

    private final int jdbc;

    Isolation(int jdbc) {
        this.jdbc = jdbc;
    }

    /** The {@code java.sql.Connection.TRANSACTION_*} constant, or -1 for {@link #DEFAULT}. */
    public int jdbcLevel() {
        return jdbc;
    }

    /** The SQL name: {@code READ COMMITTED}, or {@code DEFAULT}. */
    public String sqlName() {
        return name().replace('_', ' ');
    }

    /** The level of a {@code java.sql.Connection.TRANSACTION_*} constant. */
    public static Isolation of(int jdbcLevel) {
        for (Isolation i : values()) {
            if (i.jdbc == jdbcLevel) {
                return i;
            }
        }
        return DEFAULT;
    }

    /**
     * Parses {@code read committed}, {@code READ_COMMITTED}, {@code read-committed}, {@code serializable}, {@code default}, …
     *
     * @throws RacexException naming the accepted levels
     */
    public static Isolation parse(String text) {
        String t = text == null ? "" : text.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        for (Isolation i : values()) {
            if (i.name().equals(t)) {
                return i;
            }
        }
        throw new RacexException("unknown isolation level '" + text + "': use read uncommitted, read committed, "
                + "repeatable read, serializable or default");
    }
}
