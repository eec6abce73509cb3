package io.racex.samples.java;

import java.util.concurrent.atomic.AtomicReference;

/**
 * {@link Message} fixed the way the course fixes it in the database (a SERIALIZABLE transaction
 * plus retry): the write succeeds only if the message is still the one read, otherwise the update
 * reads again and retries. Always 'msg aaa'.
 */
public class CasMessage {
    private final AtomicReference<String> text;

    public CasMessage(String text) {
        this.text = new AtomicReference<>(text);
    }

    /** Appends {@code suffix} to the message. */
    public void update(String suffix) {
        while (true) {
            String seen = text.get();
            if (text.compareAndSet(seen, seen + suffix)) {
                return;
            }
            // another update got in between: read again (the transaction's retry)
        }
    }

    public String text() {
        return text.get();
    }
}
