package io.racex.store.java.examples;

/** A lazily created singleton, check-then-act: two threads can each create one. */
public class Registry {
    private static Registry instance;

    public static Registry get() {
        if (instance == null) {
            instance = new Registry();
        }
        return instance;
    }

    /** The fix: the check and the creation under the class's monitor. */
    public static synchronized Registry getSynchronized() {
        if (instance == null) {
            instance = new Registry();
        }
        return instance;
    }
}
