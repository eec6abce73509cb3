package io.racex.store.java;

/** A bank of three accounts, instrumented by hand (see {@link Hand}); {@code Bank.java} lines are made up. */
final class HandBank {
    static final int BALANCE = Hand.field("Account", "balance");
    static final int READ = Hand.site("Bank.java", 12);
    static final int WRITE_TO = Hand.site("Bank.java", 14);
    static final int WRITE_FROM = Hand.site("Bank.java", 15);
    static final int SYNC = Hand.site("Bank.java", 11);
    static final int TOTAL = Hand.site("Bank.java", 20);

    static final class Account {
        int balance;

        Account(int balance) {
            this.balance = balance;
        }

        int balance(int site) {
            return Hand.getInt(this, BALANCE, site, () -> balance);
        }

        void set(int v, int site) {
            Hand.putInt(this, BALANCE, site, v, x -> balance = x);
        }
    }

    final Account a;
    final Account b;
    final Account c;

    HandBank(int a, int b, int c) {
        this.a = new Account(a);
        this.b = new Account(b);
        this.c = new Account(c);
    }

    void transfer(Account from, Account to, int amount) {
        int f = from.balance(READ);
        int t = to.balance(READ);
        if (f >= amount) {
            to.set(t + amount, WRITE_TO);
            from.set(f - amount, WRITE_FROM);
        }
    }

    /** The same under the bank's monitor. */
    void transferSynchronized(Account from, Account to, int amount) {
        Hand.sync(this, SYNC, () -> transfer(from, to, amount));
    }

    /** Locks the two accounts in argument order: two opposite transfers deadlock. */
    void transferLockingAccounts(Account from, Account to, int amount) {
        Hand.sync(from, SYNC, () -> Hand.sync(to, SYNC, () -> transfer(from, to, amount)));
    }

    int total() {
        return a.balance(TOTAL) + b.balance(TOTAL) + c.balance(TOTAL);
    }
}
