package io.racex.samples.java;

/** A database connection, for the transaction samples: it can be closed once. */
public class Connection {
    private final String name;
    private boolean open = true;

    public Connection(String name) {
        this.name = name;
    }

    public void close() {
        if (!open) {
            throw new IllegalStateException(name + " is already closed");
        }
        open = false;
    }

    public boolean isOpen() {
        return open;
    }

    @Override
    public String toString() {
        return name;
    }
}
