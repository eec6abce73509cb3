package io.racex.samples.java;

/** An account for the lock-order samples: a fixed id (the global lock order) and a balance. */
public class Account {
    private final int id;
    private int balance;

    public Account(int id, int balance) {
        this.id = id;
        this.balance = balance;
    }

    public int id() {
        return id;
    }

    public int balance() {
        return balance;
    }

    void add(int amount) {
        balance = balance + amount;
    }
}
