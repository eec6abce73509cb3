package io.racex.store.java.examples;

/** An account whose withdraw checks the balance, then takes the money: check-then-act, not atomic. */
public class BankAccount {
    private int balance;

    public BankAccount(int balance) {
        this.balance = balance;
    }

    public BankAccount() {
        this(100);
    }

    public void deposit(int amount) {
        balance = balance + amount;
    }

    public boolean withdraw(int amount) {
        if (balance >= amount) {
            balance = balance - amount;
            return true;
        }
        return false;
    }

    public int balance() {
        return balance;
    }
}
