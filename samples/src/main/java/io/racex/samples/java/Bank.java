package io.racex.samples.java;

/**
 * Seed 003's three accounts, a=100, b=200, c=150, as plain fields. {@link #transfer} reads the
 * source balance, reads the destination balance, then writes the destination and the source
 * (the course's {@code transfer(src, dst, amt)}). Two transfers into {@code a} at once can both
 * read a=100; the later write wins and the other transfer's money is gone: 150 100 100 instead
 * of 250 100 100. The fix is {@link SynchronizedBank}.
 */
public class Bank {
    private int a;
    private int b;
    private int c;

    public Bank(int a, int b, int c) {
        this.a = a;
        this.b = b;
        this.c = c;
    }

    /** Moves {@code amount} from one account ("a", "b" or "c") to another if the source has more. */
    public void transfer(String from, String to, int amount) {
        int fromBalance = balance(from);
        int toBalance = balance(to);
        // RACE: another transfer may read or write the same balances here; its update is then lost
        if (fromBalance > amount) {
            setBalance(to, toBalance + amount);
            setBalance(from, fromBalance - amount);
        }
    }

    /** The sum of the three balances: 450 whatever the transfers, unless an update is lost. */
    public int total() {
        return a + b + c;
    }

    /** "a=250 b=100 c=100". */
    public String balances() {
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
