package io.racex.store.java.examples;

/** Transfers that lock both accounts in argument order: two opposite transfers can deadlock. */
public class Accounts {
    public static class Account {
        int balance;

        public Account(int balance) {
            this.balance = balance;
        }
    }

    public static void transfer(Account from, Account to, int amount) {
        synchronized (from) {
            synchronized (to) {
                from.balance -= amount;
                to.balance += amount;
            }
        }
    }
}
