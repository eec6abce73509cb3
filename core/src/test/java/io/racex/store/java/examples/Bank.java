package io.racex.store.java.examples;

/** Three accounts and a transfer that reads both balances, then writes both: not thread-safe. */
public class Bank {
    private int a;
    private int b;
    private int c;

    public Bank(int a, int b, int c) {
        this.a = a;
        this.b = b;
        this.c = c;
    }

    public void transfer(String from, String to, int amount) {
        int source = balance(from);
        int target = balance(to);
        if (source >= amount) {
            set(to, target + amount);
            set(from, source - amount);
        }
    }

    int balance(String account) {
        switch (account) {
            case "a":
                return a;
            case "b":
                return b;
            default:
                return c;
        }
    }

    void set(String account, int value) {
        switch (account) {
            case "a":
                a = value;
                break;
            case "b":
                b = value;
                break;
            default:
                c = value;
        }
    }

    public int total() {
        return a + b + c;
    }
}
