package io.racex.store.java;

/**
 * A value as reports show it, unquoted: an object by its number ({@code Account@2}), how a wait
 * ended ({@code notified}), a thread's name. Equal when the text is.
 *
 * @param text what a person reads
 */
record Shown(String text) {
    @Override
    public String toString() {
        return text;
    }
}
