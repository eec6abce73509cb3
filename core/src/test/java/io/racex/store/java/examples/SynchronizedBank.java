package io.racex.store.java.examples;

/** The bank with every method synchronized: transfers are atomic. */
public class SynchronizedBank extends Bank {
    public SynchronizedBank(int a, int b, int c) {
        super(a, b, c);
    }

    @Override
    public synchronized void transfer(String from, String to, int amount) {
        super.transfer(from, to, amount);
    }

    @Override
    public synchronized int total() {
        return super.total();
    }
}
