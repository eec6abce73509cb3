package io.racex.store.java.examples;

/** One message handed from a producer to a consumer with wait/notify, checked with an if rather than a loop. */
public class Mailbox {
    private String message;

    public synchronized void put(String m) {
        message = m;
        notify();
    }

    /** Waits only if nothing is there yet, but once: a spurious wake-up returns null. */
    public synchronized String take() throws InterruptedException {
        if (message == null) {
            wait();
        }
        return message;
    }

    /** Waits without looking: if the producer came first, its notify is lost and this waits forever. */
    public synchronized String takeBlindly() throws InterruptedException {
        wait();
        return message;
    }

    /** The correct way: wait in a loop until the message is there. */
    public synchronized String takeInLoop() throws InterruptedException {
        while (message == null) {
            wait();
        }
        return message;
    }
}
