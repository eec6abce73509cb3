package io.racex.samples.java;

/**
 * {@link LockingTransfer} fixed: both accounts are locked in one global order (lower id first),
 * whatever the direction of the transfer, so no two transfers can wait for each other in a cycle.
 */
public final class OrderedLockingTransfer {
    private OrderedLockingTransfer() {}

    public static void transfer(Account from, Account to, int amount) {
        Account first = from.id() < to.id() ? from : to;
        Account second = first == from ? to : from;
        synchronized (first) {
            synchronized (second) {
                from.add(-amount);
                to.add(amount);
            }
        }
    }
}
