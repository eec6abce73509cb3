package io.racex.store.bridge;

import io.racex.RacexException;
import io.racex.store.java.JavaStore;
import java.sql.Connection;
import java.sql.SQLException;
import io.racex.store.jdbc.HandleDataSource;

/**
 * The data source a test hands its repositories: it holds nothing itself. Each
 * {@code getConnection()} finds, from the calling thread, the execution racex is running and which
 * of its threads calls, and returns a new handle on that thread's own database session (see
 * {@link JavaJdbcStore}). So one instance serves every execution and every thread, and can live in a
 * field, a static field or a local variable of the test.
 */
public final class RacexDataSource extends HandleDataSource {
    /** The one instance: it has no state. */
    public static final RacexDataSource INSTANCE = new RacexDataSource();

    private RacexDataSource() {}

    /**
     * A new handle on the calling thread's session: every statement, commit and rollback on it is
     * a step. Closing it closes the handle only; racex rolls the session back after the execution.
     *
     * @throws RacexException when called outside an execution of a test with a database (from a
     *     {@code @BeforeEach}, a plain JUnit test, or a test without {@code @RacexDatabase})
     */
    @Override
    public Connection getConnection() throws SQLException {
        JavaStore.Here here = JavaStore.here();
        if (here == null) {
            throw new RacexException("racex's data source gives connections only to the code of an explored test "
                    + "(the @RacexTest body and the threads it starts), not to a set-up; put set-up SQL in @RacexDatabase(setup = ...)");
        }
        if (!(here.store().companion() instanceof JavaJdbcStore store)) {
            throw new RacexException("racex's data source needs a database: annotate the @RacexTest (or its class) with @RacexDatabase");
        }
        return store.dataSource(here.thread()).getConnection();
    }

    @Override
    public String toString() {
        return "racex data source (each thread of the test has its own session)";
    }
}
