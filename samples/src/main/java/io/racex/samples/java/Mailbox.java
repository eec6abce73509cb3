package io.racex.samples.java;

/**
 * A one-message handoff with a missed signal: {@link #take} checks for a message and only then,
 * in a separate step, waits for one; {@link #put} stores the message and notifies. If the put
 * runs between the check and the wait, its notify wakes nobody and the taker waits forever (a
 * lost wake-up). The {@code if} is also wrong on its own: a waiting thread may wake without a
 * notify (the JDK allows spurious wake-ups) and would return null. The fix is
 * {@link GuardedMailbox}.
 */
public class Mailbox {
    private String message;

    public String take() throws InterruptedException {
        if (message == null) {
            // MISSED SIGNAL: a put here notifies before this thread waits
            synchronized (this) {
                wait();
            }
        }
        return message;
    }

    public void put(String message) {
        synchronized (this) {
            this.message = message;
            notifyAll();
        }
    }
}
