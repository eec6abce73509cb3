package io.racex.samples.java;

/**
 * Seed 001 (encode/databases PR #546): one transaction helper shared by every request of a
 * route. A request begins with its own connection, which the helper keeps in its one
 * {@code _connection} field (the Python attribute's name), and commits by closing "its"
 * connection, read back from that field. A second request that begins in between overwrites the
 * field: the first request closes the second one's connection, the second then closes it again
 * (IllegalStateException), and the first connection is never closed. The fix is
 * {@link TaskKeyedTransaction}.
 */
public class Transaction {
    private Connection _connection;

    public void begin(Connection connection) {
        // RACE: the one field is shared by every request that uses this helper
        _connection = connection;
    }

    public void commit() {
        _connection.close();
    }
}
