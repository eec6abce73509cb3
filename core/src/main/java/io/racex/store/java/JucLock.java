package io.racex.store.java;

import java.util.ArrayDeque;

/**
 * The modelled state of a {@code java.util.concurrent} lock: a {@code ReentrantLock}, or the pair
 * of a {@code ReentrantReadWriteLock} (its read and write lock share one). Who holds it
 * exclusively and how often, how many read holds each thread has. The real lock object follows
 * (racex takes it for real once the model grants it, so what user code asks it agrees), but is
 * never waited on.
 */
final class JucLock {
    final String loc;
    final String text;
    int owner = -1;
    int holds;
    final int[] reads;
    int readers;

    JucLock(Model.Ident id, int threads) {
        this.loc = "lock:" + id.loc;
        this.text = id.name();
        this.reads = new int[threads];
    }

    /** Whether thread {@code t} may take it exclusively (the write lock, or a plain lock). */
    boolean canWrite(int t) {
        return (owner < 0 || owner == t) && readers == 0;
    }

    /** Whether thread {@code t} may take a read hold (no other thread writes). */
    boolean canRead(int t) {
        return owner < 0 || owner == t;
    }

    /** A thread that keeps {@code t} from taking it, or -1. */
    int blocker(int t) {
        if (owner >= 0 && owner != t) {
            return owner;
        }
        for (int u = 0; u < reads.length; u++) {
            if (u != t && reads[u] > 0) {
                return u;
            }
        }
        return -1;
    }

    /** A condition of a lock: its wait set. */
    static final class Cond {
        final JucLock lock;
        final String waitLoc;
        final String text;
        final ArrayDeque<Model.ThreadState> waiters = new ArrayDeque<>(2);

        Cond(JucLock lock, Model.Ident id) {
            this.lock = lock;
            this.waitLoc = "wait:" + id.loc;
            this.text = id.name() + " of " + lock.text;
        }
    }
}
