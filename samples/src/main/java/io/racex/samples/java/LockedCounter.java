package io.racex.samples.java;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A counter whose increment holds a {@link ReentrantLock}: {@code lock(); count++; unlock()}, the
 * workload Fray's benchmarks run with N threads. Correct: N increments leave N. Its traces are the
 * orders in which the threads take the lock, N! of them.
 */
public class LockedCounter {
    private final ReentrantLock lock = new ReentrantLock();
    private int count;

    public void increment() {
        lock.lock();
        try {
            count++;
        } finally {
            lock.unlock();
        }
    }

    public int get() {
        lock.lock();
        try {
            return count;
        } finally {
            lock.unlock();
        }
    }
}
