package io.racex.strategy;

import io.racex.store.Footprint;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The happens-before relation of a sequence of events, as vector clocks: event {@code j}
 * happens before event {@code i} when a chain of dependent events (program order included) leads
 * from {@code j} to {@code i}. {@code clock[i][t]} is how many events of thread {@code t} happen
 * before or at event {@code i}.
 *
 * <p>Computed in one pass with, per location, the last write and the reads since: an older
 * access to a location happens before those, so they are the only direct predecessors an event
 * can need ({@link #direct}). Locations that are parts of a whole (rows of a table, see
 * {@link Footprint}) overlap their whole and some sibling parts: an event checks every location
 * seen so far that overlaps each of its own.
 */
final class DporClocks {
    final List<DporEvent> events;
    final int[][] clock;
    /** Position of each event among its thread's events, 1-based. */
    final int[] local;
    /** Index of the previous event of the same thread, or -1. */
    final int[] previous;
    /** Per event, the earlier events of other threads it conflicts with that no other such access separates from it. */
    final int[][] direct;

    private static final int[] NONE = new int[0];

    /** Per location: the last write, and the reads after it. */
    private static final class Location {
        final String name;
        int write = -1;
        final List<Integer> reads = new ArrayList<>(2);

        Location(String name) {
            this.name = name;
        }
    }

    /** Every location seen so far, by name. */
    private final Map<String, Location> locations = new HashMap<>();
    /** The parts seen so far of each whole ({@link Footprint#part}), and whether {@link Footprint#ANY} was seen. */
    private final Map<String, List<Location>> parts = new HashMap<>();
    private Location any;

    private Location location(String name) {
        Location l = locations.get(name);
        if (l == null) {
            l = new Location(name);
            locations.put(name, l);
            if (name.equals(Footprint.ANY)) {
                any = l;
            } else if (Footprint.isPart(name)) {
                parts.computeIfAbsent(Footprint.whole(name), k -> new ArrayList<>()).add(l);
            }
        }
        return l;
    }

    /**
     * The locations seen so far that overlap {@code name} ({@link Footprint#overlaps}). Each keeps
     * its own last write and reads since, so an older access to any of them happens before those:
     * checking every overlapping location finds every direct predecessor.
     */
    private List<Location> overlapping(String name) {
        if (name.equals(Footprint.ANY)) {
            return new ArrayList<>(locations.values());
        }
        Location same = locations.get(name);
        boolean part = Footprint.isPart(name);
        List<Location> siblings = parts.get(part ? Footprint.whole(name) : name);
        if (any == null && siblings == null && !part) {
            return same == null ? List.of() : List.of(same); // a plain name: only itself
        }
        List<Location> out = new ArrayList<>(4);
        if (same != null) {
            out.add(same);
        }
        if (any != null && same != any) {
            out.add(any);
        }
        if (part) {
            Location whole = locations.get(Footprint.whole(name));
            if (whole != null) {
                out.add(whole);
            }
        }
        if (siblings != null) {
            for (Location l : siblings) {
                if (l != same && Footprint.overlaps(l.name, name)) {
                    out.add(l);
                }
            }
        }
        return out;
    }

    DporClocks(List<DporEvent> events, int threads) {
        this(events, threads, false);
    }

    DporClocks(List<DporEvent> events, int threads, boolean withDirect) {
        this.events = events;
        int m = events.size();
        clock = new int[m][];
        local = new int[m];
        previous = new int[m];
        direct = withDirect ? new int[m][] : null;
        int[] count = new int[threads];
        int[] last = new int[threads];
        Arrays.fill(last, -1);
        int[] scratch = new int[8];
        for (int i = 0; i < m; i++) {
            DporEvent e = events.get(i);
            int t = e.thread();
            int[] c = last[t] >= 0 ? clock[last[t]].clone() : new int[threads];
            int nd = 0;
            for (String read : e.footprint().reads()) {
                for (Location l : overlapping(read)) {
                    if (l.write >= 0 && events.get(l.write).thread() != t) {
                        max(c, clock[l.write]);
                        if (withDirect) {
                            scratch = add(scratch, nd++, l.write);
                        }
                    }
                }
            }
            for (String written : e.footprint().writes()) {
                for (Location l : overlapping(written)) {
                    if (l.write >= 0 && events.get(l.write).thread() != t) {
                        max(c, clock[l.write]);
                        if (withDirect) {
                            scratch = add(scratch, nd++, l.write);
                        }
                    }
                    for (int r : l.reads) {
                        if (events.get(r).thread() != t) {
                            max(c, clock[r]);
                            if (withDirect) {
                                scratch = add(scratch, nd++, r);
                            }
                        }
                    }
                }
            }
            if (withDirect) {
                direct[i] = nd == 0 ? NONE : distinct(Arrays.copyOf(scratch, nd));
            }
            previous[i] = last[t];
            local[i] = ++count[t];
            c[t] = local[i];
            clock[i] = c;
            last[t] = i;
            for (String loc : e.footprint().reads()) {
                location(loc).reads.add(i);
            }
            for (String loc : e.footprint().writes()) {
                Location l = location(loc);
                l.write = i;
                l.reads.clear();
            }
        }
    }

    private static int[] add(int[] a, int n, int v) {
        if (n == a.length) {
            a = Arrays.copyOf(a, n * 2);
        }
        a[n] = v;
        return a;
    }

    private static int[] distinct(int[] a) {
        Arrays.sort(a);
        int k = 0;
        for (int i = 0; i < a.length; i++) {
            if (i == 0 || a[i] != a[i - 1]) {
                a[k++] = a[i];
            }
        }
        return k == a.length ? a : Arrays.copyOf(a, k);
    }

    private static void max(int[] into, int[] other) {
        for (int k = 0; k < into.length; k++) {
            if (other[k] > into[k]) {
                into[k] = other[k];
            }
        }
    }

    /** Whether event {@code j} happens before event {@code i} ({@code j != i}). */
    boolean happensBefore(int j, int i) {
        return j < i && clock[i][events.get(j).thread()] >= local[j];
    }

    /** Index of the first event of {@code thread}, or -1. */
    int first(int thread) {
        for (int i = 0; i < events.size(); i++) {
            if (events.get(i).thread() == thread) {
                return i;
            }
        }
        return -1;
    }

    /** Whether event {@code i} has no predecessor in the sequence (it could run first). */
    boolean isInitial(int i) {
        int[] c = clock[i];
        int t = events.get(i).thread();
        for (int k = 0; k < c.length; k++) {
            if (k == t ? c[k] != 1 : c[k] != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether {@code thread}, whose next step is {@code next}, is a weak initial of the sequence:
     * either its first event in it could run first, or it is absent and {@code next} is
     * independent of every event in it (so running it first changes nothing).
     */
    boolean weakInitial(int thread, DporEvent next) {
        int f = first(thread);
        if (f >= 0) {
            return isInitial(f);
        }
        if (next == null) {
            return false;
        }
        for (DporEvent e : events) {
            if (next.conflicts(e)) {
                return false;
            }
        }
        return true;
    }
}
