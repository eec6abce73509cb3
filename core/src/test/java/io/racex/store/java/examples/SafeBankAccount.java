package io.racex.store.java.examples;

/** The account with each method synchronized. */
public class SafeBankAccount {
    private int balance;

    public SafeBankAccount(int balance) {
        this.balance = balance;
    }

    public synchronized void deposit(int amount) {
        balance = balance + amount;
    }

    public synchronized boolean withdraw(int amount) {
        if (balance >= amount) {
            balance = balance - amount;
            return true;
        }
        return false;
    }

    public synchronized int balance() {
        return balance;
    }
}
