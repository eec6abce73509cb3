package io.racex.strategy;

import java.util.List;

/**
 * The happens-before relation of a sequence of events, as vector clocks: event {@code j}
 * happens before event {@code i} when a chain of dependent events (program order included) leads
 * from {@code j} to {@code i}. {@code clock[i][t]} is how many events of thread {@code t} happen
 * before or at event {@code i}.
 */
final class DporClocks {
    final List<DporEvent> events;
    final int[][] clock;
    /** Position of each event among its thread's events, 1-based. */
    final int[] local;
    /** Index of the previous event of the same thread, or -1. */
    final int[] previous;

    DporClocks(List<DporEvent> events, int threads) {
        this.events = events;
        int m = events.size();
        clock = new int[m][];
        local = new int[m];
        previous = new int[m];
        int[] count = new int[threads];
        int[] last = new int[threads];
        java.util.Arrays.fill(last, -1);
        for (int i = 0; i < m; i++) {
            DporEvent e = events.get(i);
            int t = e.thread();
            int[] c = last[t] >= 0 ? clock[last[t]].clone() : new int[threads];
            for (int j = 0; j < i; j++) {
                if (events.get(j).conflicts(e)) {
                    max(c, clock[j]);
                }
            }
            previous[i] = last[t];
            local[i] = ++count[t];
            c[t] = local[i];
            clock[i] = c;
            last[t] = i;
        }
    }

    private static void max(int[] into, int[] other) {
        for (int k = 0; k < into.length; k++) {
            if (other[k] > into[k]) {
                into[k] = other[k];
            }
        }
    }

    /** Whether event {@code j} happens before event {@code i} ({@code j != i}). */
    boolean happensBefore(int j, int i) {
        return j < i && clock[i][events.get(j).thread()] >= local[j];
    }

    /** Index of the first event of {@code thread}, or -1. */
    int first(int thread) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).thread() == thread) {
                return i;
            }
        }
        return -1;
    }

    /** Whether event {@code i} has no predecessor in the sequence (it could run first). */
    boolean isInitial(int i) {
        int[] c = clock[i];
        int t = events.get(i).thread();
        for (int k = 0; k < c.length; k++) {
            if (k == t ? c[k] != 1 : c[k] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code thread}, whose next step is {@code next}, is a weak initial of the sequence:
     * either its first event in it could run first, or it is absent and {@code next} is
     * independent of every event in it (so running it first changes nothing).
     */
    boolean weakInitial(int thread, DporEvent next) {
        int f = first(thread);
        if (f >= 0) {
            return isInitial(f);
        }
        if (next == null) {
            return false;
        }
        for (DporEvent e : events) {
            if (next.conflicts(e)) {
                return false;
            }
        }
        return true;
    }
}
