package io.racex.store.java.examples;

/**
 * The classic trace-count benchmarks as plain Java: each method starts its threads, joins them
 * and returns. Loaded through racex's instrumenting class loader by the tests, which count the
 * traces optimal DPOR runs.
 */
public final class Classics {
    private Classics() {}

    /** lastzero(n): one thread looks for the last zero in a[0..n] while threads j = 1..n set a[j] = a[j-1] + 1. */
    public static void lastzero(int n) throws InterruptedException {
        int[] a = new int[n + 1];
        Thread[] threads = new Thread[n + 1];
        threads[0] = new Thread(() -> {
            int i = n;
            while (a[i] != 0) {
                i--;
            }
        });
        for (int j = 1; j <= n; j++) {
            int jj = j;
            threads[j] = new Thread(() -> a[jj] = a[jj - 1] + 1);
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    /** readers(n): one thread writes x, n threads read it. */
    public static void readers(int n) throws InterruptedException {
        int[] x = new int[1];
        Thread[] threads = new Thread[n + 1];
        threads[0] = new Thread(() -> x[0] = 1);
        for (int r = 1; r <= n; r++) {
            threads[r] = new Thread(() -> {
                int seen = x[0];
            });
        }
        for (Thread t : threads) {
            t.start();
        }
        for (Thread t : threads) {
            t.join();
        }
    }
}
