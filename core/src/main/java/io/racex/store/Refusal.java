package io.racex.store;

import java.util.List;

/**
 * The value of a step the store refused because the database gave up on the transaction: to break
 * a lock cycle (a deadlock) or because it could not serialize it. The engine names a deadlock
 * from it, with its cycle; reports print the step's text ({@link Object#toString()}) as for any
 * other value.
 */
public interface Refusal {
    /** Why the database refused the step. */
    enum Kind {
        /** The database broke a cycle of lock waits by refusing this thread's statement (the victim). */
        DEADLOCK,
        /** The database could not serialize the transaction with a concurrent one (no lock cycle). */
        SERIALIZATION_FAILURE
    }

    /** Why the step was refused. */
    Kind refusal();

    /** The SQLSTATE or other standard code of the refusal, e.g. {@code 40P01}. */
    String code();

    /** The database's own code for it where it has one beside the standard one (MariaDB's 1213), else empty. */
    String vendorCode();

    /**
     * For a deadlock, the threads of the lock cycle (0-based), starting with the refused one, each
     * waiting for the next and the last for the first; empty when the store could not tell.
     */
    List<Integer> cycle();

    /** A cycle in words, threads shown 1-based: {@code T2 waits for T1, T1 waits for T2}. */
    static String describe(List<Integer> cycle) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cycle.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append('T').append(cycle.get(i) + 1).append(" waits for T").append(cycle.get((i + 1) % cycle.size()) + 1);
        }
        return b.toString();
    }
}
