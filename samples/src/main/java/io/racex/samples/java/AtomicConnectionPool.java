package io.racex.samples.java;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link ConnectionPool} fixed: a request takes a connection only if the free count is still the
 * one it checked (compare-and-set), otherwise it checks again; the third request of three on a
 * pool of two is told the pool is exhausted.
 */
public class AtomicConnectionPool {
    private final AtomicInteger free;

    public AtomicConnectionPool(int size) {
        this.free = new AtomicInteger(size);
    }

    /** True if the caller got a connection, false if the pool is exhausted. */
    public boolean acquire() {
        while (true) {
            int seen = free.get();
            if (seen <= 0) {
                return false;
            }
            if (free.compareAndSet(seen, seen - 1)) {
                return true;
            }
        }
    }

    public void release() {
        free.incrementAndGet();
    }

    public int free() {
        return free.get();
    }
}
