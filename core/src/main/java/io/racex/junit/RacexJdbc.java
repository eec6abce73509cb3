package io.racex.junit;

import io.racex.store.bridge.RacexDataSource;
import javax.sql.DataSource;

/** The database side of a {@link RacexTest}: see {@link RacexDatabase}. */
public final class RacexJdbc {
    private RacexJdbc() {}

    /**
     * The data source to hand the code under test (a repository, a DAO) in a {@link RacexTest}
     * annotated {@link RacexDatabase}: each {@code getConnection()} returns a new handle on the
     * calling thread's own session with the database, and every statement, commit and rollback on
     * it is a step racex schedules. Handles of one thread share its session (its transaction), as
     * connections of a pool lent to one request usually do; each thread has its own. The data
     * source holds no state: it may be taken anywhere (a field, the test body), but connections
     * can only be got from the code of an execution (the test body and the threads it starts).
     */
    public static DataSource dataSource() {
        return RacexDataSource.INSTANCE;
    }
}
