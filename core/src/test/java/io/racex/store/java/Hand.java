package io.racex.store.java;

import io.racex.store.java.instrument.Hooks;
import io.racex.store.java.instrument.Sites;
import java.util.function.IntConsumer;
import java.util.function.IntSupplier;

/**
 * Code instrumented by hand: what the transformer makes of field and array accesses, monitors and
 * thread calls, written out, so the model can be tested without the class loader. Each helper
 * makes the hook calls in the order instrumented code makes them, around the real access.
 */
final class Hand {
    private Hand() {}

    static int site(String file, int line) {
        return Sites.site("io.racex.store.java." + file.replace(".java", ""), "run", file, line);
    }

    static int field(String owner, String name) {
        return Sites.field("io.racex.store.java." + owner, name, "I", false, false);
    }

    static int getInt(Object owner, int field, int site, IntSupplier real) {
        Hooks.readField(owner, field, site);
        int v = real.getAsInt();
        Hooks.value(v);
        return v;
    }

    static void putInt(Object owner, int field, int site, int v, IntConsumer real) {
        Hooks.writeField(owner, v, field, site);
        real.accept(v);
    }

    static int aload(int[] a, int i, int site) {
        Hooks.readArray(a, i, site);
        int v = a[i];
        Hooks.value(v);
        return v;
    }

    static void astore(int[] a, int i, int v, int site) {
        Hooks.writeArray(a, i, v, site);
        a[i] = v;
    }

    /** {@code synchronized (m) { body }}. */
    static void sync(Object m, int site, Runnable body) {
        if (Hooks.monitorEnter(m, site)) {
            synchronized (m) {
                body.run();
            }
            return;
        }
        try {
            body.run();
        } finally {
            Hooks.monitorExit(m, site);
        }
    }

    interface Interruptible {
        void run() throws InterruptedException;
    }

    static void start(Thread t, int site) {
        Hooks.threadStart(t, site);
    }

    static void join(Thread t, int site) {
        try {
            Hooks.threadJoin(t, site);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }

    static void await(Object m, int site) {
        try {
            Hooks.waitOn(m, site);
        } catch (InterruptedException e) {
            throw new IllegalStateException(e);
        }
    }
}
