package io.racex.samples.java;

/**
 * {@link Bank} fixed: each transfer holds the bank's monitor from its first read to its last
 * write, so no other transfer sees a balance it is about to overwrite. Always 250 100 100.
 */
public class SynchronizedBank {
    private int a;
    private int b;
    private int c;

    public SynchronizedBank(int a, int b, int c) {
        this.a = a;
        this.b = b;
        this.c = c;
    }

    /** Moves {@code amount} from one account ("a", "b" or "c") to another if the source has more. */
    public synchronized void transfer(String from, String to, int amount) {
        int fromBalance = balance(from);
        int toBalance = balance(to);
        if (fromBalance > amount) {
            setBalance(to, toBalance + amount);
            setBalance(from, fromBalance - amount);
        }
    }

    public synchronized int total() {
        return a + b + c;
    }

    public synchronized String balances() {
        return "a=" + a + " b=" + b + " c=" + c;
    }

    private int balance(String account) {
        switch (account) {
            case "a": return a;
            case "b": return b;
            case "c": return c;
            default: throw new IllegalArgumentException("no account " + account);
        }
    }

    private void setBalance(String account, int balance) {
        switch (account) {
            case "a": a = balance; break;
            case "b": b = balance; break;
            case "c": c = balance; break;
            default: throw new IllegalArgumentException("no account " + account);
        }
    }
}
