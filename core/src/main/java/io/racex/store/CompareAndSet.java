package io.racex.store;

import java.util.Objects;

/**
 * What a compare-and-set step did, recorded as its value so reports can show it: the value it
 * expected, the one it would store, and the one it found.
 *
 * @param expected the value the cell had to hold
 * @param update the value stored if it did
 * @param found the value the cell held
 */
public record CompareAndSet(Object expected, Object update, Object found) {
    /** Whether the cell held the expected value, so the update was stored. */
    public boolean succeeded() {
        return Objects.equals(found, expected);
    }
}
