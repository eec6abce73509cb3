package io.racex.samples.java;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link Transaction} fixed as in the PR: connection state is kept per task (here, per thread), so
 * each request commits by closing the connection it began with.
 */
public class TaskKeyedTransaction {
    private final Map<Thread, Connection> connections = new ConcurrentHashMap<>();

    public void begin(Connection connection) {
        connections.put(Thread.currentThread(), connection);
    }

    public void commit() {
        connections.remove(Thread.currentThread()).close();
    }
}
