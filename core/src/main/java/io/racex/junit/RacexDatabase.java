package io.racex.junit;

import io.racex.store.jdbc.Isolation;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Gives a {@link RacexTest} a database that racex controls: the test's code gets connections from
 * {@link RacexJdbc#dataSource()}, and every statement, commit and rollback on them is a step racex
 * schedules, beside the Java steps of the test's threads. A statement that waits for a lock another
 * thread's transaction holds makes its thread blocked (the database's own lock view says so), and
 * racex runs another thread meanwhile.
 *
 * <pre>{@code
 * @RacexTest
 * @RacexDatabase(value = "h2", setup = {
 *         "CREATE TABLE account (id INT PRIMARY KEY, balance INT NOT NULL)",
 *         "INSERT INTO account (id, balance) VALUES (1, 100)"})
 * void withdrawalsDoNotOverdraw() throws Exception {
 *     AccountRepository repo = new AccountRepository(RacexJdbc.dataSource());
 *     ...
 * }
 * }</pre>
 *
 * <p>Everything happens in a scratch schema (a scratch database on MariaDB, a private in-memory
 * database for {@code h2}) that racex creates, fills with {@link #setup()} and drops at the end;
 * before every execution the tables are reset to the setup's rows. Each thread of the test (the
 * body and every thread it starts) has its own database session.
 *
 * <p>On a method, or on the test class (then for all its {@code @RacexTest} methods; a method's
 * own annotation wins).
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RacexDatabase {
    /**
     * The database: {@code h2} (private, in memory), {@code postgresql}, {@code mariadb} (the local
     * servers, user and password from {@code RACEX_DB_USER} / {@code RACEX_DB_PASSWORD}), or a JDBC URL,
     * as racex's {@code --db} option.
     */
    String value() default "h2";

    /**
     * Statements that build the initial state in the scratch schema, in order (an element may hold
     * several separated by semicolons). Tables, keys and rows; racex learns the keys for the steps'
     * row footprints.
     */
    String[] setup() default {};

    /** The isolation level each session starts with (a transaction may set its own); default: the database's. */
    Isolation isolation() default Isolation.DEFAULT;
}
