package io.racex.samples.java;

/**
 * {@link Mailbox} fixed with a guarded wait: the condition is checked under the same monitor the
 * put notifies under, and re-checked in a loop after every wake-up, so neither an early notify nor
 * a spurious wake-up is missed.
 */
public class GuardedMailbox {
    private String message;

    public synchronized String take() throws InterruptedException {
        while (message == null) {
            wait();
        }
        return message;
    }

    public synchronized void put(String message) {
        this.message = message;
        notifyAll();
    }
}
