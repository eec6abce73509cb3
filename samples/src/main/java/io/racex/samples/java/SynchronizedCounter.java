package io.racex.samples.java;

/** {@link Counter} fixed: the read and the write of {@code count++} happen under one monitor. */
public class SynchronizedCounter {
    private int count;

    /** Adds one and returns the new count. */
    public synchronized int increment() {
        return ++count;
    }

    public synchronized int get() {
        return count;
    }
}
