package io.racex.store;

import java.util.Set;

/**
 * The shared locations a step reads and writes. Two steps of different threads are dependent
 * (their order can matter) when one writes a location the other reads or writes. Locks are
 * modelled as writes to {@code lock:NAME}, so acquisitions of the same lock conflict.
 *
 * @param reads locations read
 * @param writes locations written
 */
public record Footprint(Set<String> reads, Set<String> writes) {
    /** A step that touches nothing shared (it never conflicts). */
    public static final Footprint NONE = new Footprint(Set.of(), Set.of());

    public Footprint {
        reads = Set.copyOf(reads);
        writes = Set.copyOf(writes);
    }

    public static Footprint read(String location) {
        return new Footprint(Set.of(location), Set.of());
    }

    public static Footprint write(String location) {
        return new Footprint(Set.of(), Set.of(location));
    }

    /** Whether the order of this step and {@code other} (of another thread) can matter. */
    public boolean conflictsWith(Footprint other) {
        for (String w : writes) {
            if (other.writes.contains(w) || other.reads.contains(w)) {
                return true;
            }
        }
        for (String w : other.writes) {
            if (reads.contains(w)) {
                return true;
            }
        }
        return false;
    }
}
