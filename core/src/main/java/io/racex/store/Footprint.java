package io.racex.store;

import java.util.Set;

/**
 * The shared locations a step reads and writes. Two steps of different threads are dependent
 * (their order can matter) when one writes a location that overlaps a location the other reads or
 * writes. Locks are modelled as writes to {@code lock:NAME}, so acquisitions of the same lock conflict.
 *
 * <p>A location is a plain name ({@code balance}, {@code account}), and two plain names overlap
 * only when they are equal. Two more shapes let a store say "part of":
 * <ul>
 *   <li>{@code WHOLE{KEY=VALUE}} ({@link #part}) is one part of {@code WHOLE}, such as one row of a
 *       table: {@code doctors{name='alice'}}. It overlaps its whole ({@code doctors}, a predicate
 *       read or a write of the whole table) and every part of the same whole except those that name
 *       the same {@code KEY} with a different {@code VALUE}: {@code doctors{name='alice'}} and
 *       {@code doctors{name='bob'}} are apart, but {@code t{id=1}} and {@code t{sku='x'}} may be one
 *       row and so overlap.</li>
 *   <li>{@link #ANY} ({@code *}) overlaps every location: a statement whose effect cannot be told.</li>
 * </ul>
 *
 * @param reads locations read
 * @param writes locations written
 */
public record Footprint(Set<String> reads, Set<String> writes) {
    /** A step that touches nothing shared (it never conflicts). */
    public static final Footprint NONE = new Footprint(Set.of(), Set.of());

    /** The location that overlaps every location. */
    public static final String ANY = "*";

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

    /**
     * The location of one part of {@code whole} named by {@code key} (no {@code =}, braces or
     * {@code *} in it) and {@code value}: {@code whole{key=value}}.
     */
    public static String part(String whole, String key, String value) {
        return whole + "{" + key + "=" + value + "}";
    }

    /** The whole a part location belongs to ({@code doctors} for {@code doctors{name='alice'}}); a location that is no part is its own whole. */
    public static String whole(String location) {
        int b = partStart(location);
        return b < 0 ? location : location.substring(0, b);
    }

    /** Whether {@code location} is the part of a whole ({@link #part}). */
    public static boolean isPart(String location) {
        return partStart(location) >= 0;
    }

    private static int partStart(String location) {
        if (!location.endsWith("}")) {
            return -1;
        }
        int b = location.indexOf('{');
        return b > 0 && location.indexOf('=', b) > b ? b : -1;
    }

    /** Whether two locations may name shared state in common (see the class comment). */
    public static boolean overlaps(String a, String b) {
        if (a.equals(b) || a.equals(ANY) || b.equals(ANY)) {
            return true;
        }
        int pa = partStart(a);
        int pb = partStart(b);
        if (pa < 0 && pb < 0) {
            return false;
        }
        String wa = pa < 0 ? a : a.substring(0, pa);
        String wb = pb < 0 ? b : b.substring(0, pb);
        if (!wa.equals(wb)) {
            return false;
        }
        if (pa < 0 || pb < 0) {
            return true; // the whole and one of its parts
        }
        String ka = a.substring(pa + 1, a.indexOf('=', pa));
        String kb = b.substring(pb + 1, b.indexOf('=', pb));
        return !ka.equals(kb); // same key, different value: two parts apart
    }

    /** Whether some location of {@code in} overlaps {@code location}. */
    public static boolean overlapsAny(Set<String> in, String location) {
        if (in.contains(location)) {
            return true;
        }
        if (in.isEmpty() || (!location.equals(ANY) && !location.endsWith("}") && !in.contains(ANY) && !anyPart(in))) {
            return false; // plain names: equality, already checked
        }
        for (String l : in) {
            if (overlaps(l, location)) {
                return true;
            }
        }
        return false;
    }

    private static boolean anyPart(Set<String> in) {
        for (String l : in) {
            if (l.endsWith("}")) {
                return true;
            }
        }
        return false;
    }

    /** Whether the order of this step and {@code other} (of another thread) can matter. */
    public boolean conflictsWith(Footprint other) {
        for (String w : writes) {
            if (overlapsAny(other.writes, w) || overlapsAny(other.reads, w)) {
                return true;
            }
        }
        for (String w : other.writes) {
            if (overlapsAny(reads, w)) {
                return true;
            }
        }
        return false;
    }
}
