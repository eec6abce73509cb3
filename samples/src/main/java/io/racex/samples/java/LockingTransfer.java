package io.racex.samples.java;

/**
 * A transfer that locks both accounts, in argument order: first {@code from}, then {@code to}.
 * transfer(x, y) and transfer(y, x) at once can each hold its first lock and wait forever for the
 * other's: a deadlock (one holds x and awaits y, the other holds y and awaits x). The fix is
 * {@link OrderedLockingTransfer}.
 */
public final class LockingTransfer {
    private LockingTransfer() {}

    public static void transfer(Account from, Account to, int amount) {
        synchronized (from) {
            // DEADLOCK: a transfer the other way may hold 'to' and be waiting for 'from'
            synchronized (to) {
                from.add(-amount);
                to.add(amount);
            }
        }
    }
}
