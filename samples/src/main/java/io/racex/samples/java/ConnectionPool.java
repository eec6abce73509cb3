package io.racex.samples.java;

/**
 * Seed 000, "connection pool exhaustion under load": a pool of {@code size} connections;
 * {@link #acquire} checks that one is free, then takes it. Three requests on a pool of two can all
 * pass the check before any takes, and the pool hands out three connections (free ends at -1).
 * The fix is {@link AtomicConnectionPool}.
 */
public class ConnectionPool {
    private int free;

    public ConnectionPool(int size) {
        this.free = size;
    }

    /** True if the caller got a connection, false if the pool is exhausted. */
    public boolean acquire() {
        if (free <= 0) {
            return false;
        }
        // RACE: other requests may pass the check above before this one takes the connection
        free = free - 1;
        return true;
    }

    public void release() {
        free = free + 1;
    }

    public int free() {
        return free;
    }
}
