package io.racex.samples.java;

/**
 * The teaching classic: {@code count++} is a read and a write. Two threads can both read 0 and
 * both write 1, so two increments leave 1. The fix is {@link SynchronizedCounter}.
 */
public class Counter {
    private int count;

    /** Adds one and returns the new count. */
    public int increment() {
        return ++count; // RACE: read count, then write count + 1; another increment may run in between
    }

    public int get() {
        return count;
    }
}
