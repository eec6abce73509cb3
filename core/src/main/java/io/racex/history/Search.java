package io.racex.history;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Wing and Gong's search for a linearization of one part, with Lowe's memoization of
 * configurations, on primitive arrays.
 *
 * <p>The calls and returns are a doubly linked list in real-time order. The operations that may
 * take effect next are the calls before the first return in the list (each was called before any
 * remaining operation returned). The search takes one whose step the model allows, removes its
 * call and return from the list ("lifts" it, dancing-links style, so putting it back is two
 * pointer writes), and goes on; when no call before the first return can be taken, it backtracks.
 * A configuration (operations taken, state) it has entered before is not entered again: it had no
 * way through. Pending operations' returns are at the end of the list, after every real return, so
 * they can be taken at any point; the search succeeds when every operation that returned is taken.
 *
 * <p>Read-only operations (the model's {@link Model#readOnly}) are taken as soon as they are
 * allowed and never tried in another place: if any linearization exists, one exists with that
 * read moved to the current point (it was called before any remaining operation returned, and it
 * changes nothing), so trying others is wasted work. Otherwise the operation that returns first is
 * tried first, then the others in order of their calls, then pending ones (only where they change
 * the state: not taking effect at all is always an option). The cache leaves pending operations out
 * of the hash, so a configuration that spent more of them to reach a state already seen is found
 * covered. For models that say so ({@link Model#unreachable}), a state from which a read in or just
 * after the window can never be allowed is abandoned at once.
 *
 * <p>{@link #run(long)} stops after a budget of configurations and goes on from there when called
 * again, so {@link Linearizability} can share time between parts.
 */
final class Search {
    /** How a search ended. */
    enum End { LINEARIZABLE, NOT_LINEARIZABLE, STOPPED }

    private static final int HEAD = 0;

    private final int n;
    private final int tail;
    private final int[] next;
    private final int[] prev;
    private final int[] nodeOp;
    private final boolean[] nodeCall;
    private final int[] retNode;
    private final int[] callNode;
    private final boolean[] pending;
    private final boolean[] readOnly;
    private final long[] zobrist;
    private final StateTable<?> table;
    private final ConfigCache cache;
    private final long deadline;
    private final AtomicBoolean stop;
    private final boolean lookahead;

    /** The deepest prefix reached (operation indices), with the state after each. */
    int[] bestOps = new int[0];
    int[] bestStates = new int[0];
    int initialState;

    /**
     * @param ops the part's operations, in order of their calls
     * @param searched which of them the search must consider (pending read-only ones are left out)
     */
    Search(List<Operation> ops, boolean[] searched, boolean[] readOnly, StateTable<?> table, long deadline, AtomicBoolean stop) {
        int m = ops.size();
        this.n = m;
        this.table = table;
        this.readOnly = readOnly;
        this.deadline = deadline;
        this.stop = stop;
        this.lookahead = table.prunes();
        this.pending = new boolean[m];
        this.retNode = new int[m];
        this.callNode = new int[m];
        this.zobrist = new long[m];
        SplittableRandom random = new SplittableRandom(0x5eed_1e55L);
        long[] pendingMask = new long[Math.max(1, (m + 63) >>> 6)];
        for (int i = 0; i < m; i++) {
            pending[i] = ops.get(i).pending();
            // pending operations stay out of the hash: configurations that differ only in them meet in the cache
            zobrist[i] = pending[i] ? 0 : random.nextLong();
            if (pending[i]) {
                pendingMask[i >>> 6] |= 1L << i;
            }
        }
        int count = 0;
        for (boolean s : searched) {
            if (s) {
                count++;
            }
        }
        // events: (time, kind, op); calls before returns at the same instant, so those overlap
        long[][] events = new long[count * 2][];
        int e = 0;
        for (int i = 0; i < m; i++) {
            if (!searched[i]) {
                continue;
            }
            Operation o = ops.get(i);
            events[e++] = new long[] {o.call(), 0, i};
            events[e++] = new long[] {o.ret(), 1, o.pending() ? m + i : i};
        }
        Arrays.sort(events, (a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : a[1] != b[1] ? Long.compare(a[1], b[1]) : Long.compare(a[2], b[2]));
        int nodes = events.length;
        tail = nodes + 1;
        next = new int[nodes + 2];
        prev = new int[nodes + 2];
        nodeOp = new int[nodes + 2];
        nodeCall = new boolean[nodes + 2];
        for (int k = 0; k < nodes; k++) {
            int node = k + 1;
            long[] ev = events[k];
            int op = (int) (ev[2] >= m ? ev[2] - m : ev[2]);
            nodeOp[node] = op;
            nodeCall[node] = ev[1] == 0;
            if (ev[1] == 1) {
                retNode[op] = node;
            } else {
                callNode[op] = node;
            }
        }
        for (int node = 0; node <= nodes; node++) {
            next[node] = node + 1;
            prev[node + 1] = node;
        }
        next[tail] = tail;
        this.cache = new ConfigCache(m, pendingMask);
    }

    ConfigCache cache() {
        return cache;
    }

    private void lift(int call) {
        next[prev[call]] = next[call];
        prev[next[call]] = prev[call];
        int ret = retNode[nodeOp[call]];
        next[prev[ret]] = next[ret];
        prev[next[ret]] = prev[ret];
    }

    private void unlift(int call) {
        int ret = retNode[nodeOp[call]];
        next[prev[ret]] = ret;
        prev[next[ret]] = ret;
        next[prev[call]] = call;
        prev[next[call]] = call;
    }

    /** Reads past the first return that the search looks at for {@link #deadAhead}. */
    private static final int AHEAD = 4;

    /**
     * Whether one of the next reads after the first return can never be allowed from {@code state}:
     * called later, they are not candidates yet, but they will have to be placed.
     */
    private boolean deadAhead(int state) {
        int node = next[HEAD];
        while (nodeCall[node]) {
            node = next[node];
        }
        int seen = 0;
        for (; node != tail && seen < AHEAD; node = next[node]) {
            int op = nodeOp[node];
            if (nodeCall[node] && readOnly[op] && !pending[op]) {
                seen++;
                if (table.step(state, op) < 0 && table.unreachable(state, op) && !resetBefore(op)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Whether an operation not yet taken that may reset the state for {@code read} can still come before it. */
    private boolean resetBefore(int read) {
        int stop = retNode[read];
        for (int node = next[HEAD]; node != stop && node != tail; node = next[node]) {
            if (nodeCall[node] && nodeOp[node] != read && table.resets(nodeOp[node], read)) {
                return true;
            }
        }
        return false;
    }

    private static long stateKey(int state) {
        return StateTable.mix((state + 1L) * 0x9E3779B97F4A7C15L);
    }

    // the search's position, kept between calls of run(budget)
    private int[] stkNode;
    private int[] stkState;
    private boolean[] stkForced;
    private byte[] stkPhase;
    private long[] bits;
    private int depth;
    private long bestScore = -1;
    private int completed;
    private int state = -1;
    private long zob;
    private int entry;
    private boolean entering = true;
    private int phase;
    private int remaining;
    private long entered;
    private End end;

    /** Configurations entered so far. */
    long entered() {
        return entered;
    }

    /**
     * Searches on until it is decided or {@code budget} more configurations have been entered
     * (then {@link End#STOPPED} with {@link #paused()} true, and the next call goes on from there),
     * or the deadline passes or {@code stop} is set ({@link End#STOPPED}, for good).
     */
    End run(long budget) {
        if (end != null) {
            return end;
        }
        if (state < 0) {
            for (int node = next[HEAD]; node != tail; node = next[node]) {
                if (nodeCall[node] && !pending[nodeOp[node]]) {
                    remaining++;
                }
            }
            completed = remaining;
            stkNode = new int[n];
            stkState = new int[n];
            stkForced = new boolean[n];
            stkPhase = new byte[n];
            bits = new long[Math.max(1, (n + 63) >>> 6)];
            state = table.initial();
            initialState = state;
            entry = next[HEAD];
        }
        final int[] next = this.next;
        final int[] nodeOp = this.nodeOp;
        final boolean[] nodeCall = this.nodeCall;
        final long[] zobrist = this.zobrist;
        final boolean[] pending = this.pending;
        final StateTable<?> table = this.table;
        final ConfigCache cache = this.cache;
        final int[] stkNode = this.stkNode;
        final int[] stkState = this.stkState;
        final boolean[] stkForced = this.stkForced;
        final byte[] stkPhase = this.stkPhase;
        final long[] bits = this.bits;
        int depth = this.depth;
        int state = this.state;
        long zob = this.zob;
        int entry = this.entry;
        boolean entering = this.entering;
        int phase = this.phase;
        int remaining = this.remaining;
        long entered = this.entered;
        final long pauseAt = entered + budget;
        final int completed = this.completed;
        int skip = -1;
        End result;

        outer:
        while (true) {
            boolean doomed = false;
            if (entering) {
                if (remaining == 0) {
                    result = End.LINEARIZABLE;
                    break;
                }
                if (entered >= pauseAt) {
                    result = null; // paused: resume here, entering this configuration
                    break;
                }
                entering = false;
                if ((++entered & 0x3FFF) == 0 && (stop.get() || System.nanoTime() - deadline > 0)) {
                    result = End.STOPPED;
                    break;
                }
                // a read-only operation that is allowed now is taken now, and only here; one that
                // can never be allowed from here (the model says so, and nothing can reset the state first) dooms it
                for (int e = next[HEAD]; nodeCall[e]; e = next[e]) {
                    int op = nodeOp[e];
                    if (!readOnly[op]) {
                        continue;
                    }
                    int ns = table.step(state, op);
                    if (ns == state) {
                        if (cache.add(zob ^ zobrist[op] ^ stateKey(state), bits, op, state)) {
                            stkNode[depth] = e;
                            stkState[depth] = state;
                            stkForced[depth] = true;
                            depth++;
                            bits[op >>> 6] |= 1L << op;
                            zob ^= zobrist[op];
                            lift(e);
                            if (!pending[op]) {
                                remaining--;
                            }
                            entering = true;
                            continue outer;
                        }
                        doomed = true; // after this read, nothing works: so nothing works here
                        break;
                    }
                    if (lookahead && ns < 0 && !pending[op] && table.unreachable(state, op) && !resetBefore(op)) {
                        doomed = true;
                        break;
                    }
                }
                if (lookahead && !doomed) {
                    doomed = deadAhead(state);
                }
                phase = 0;
            }
            if (!doomed) {
                // phase 0: the operation that returns first (it must be placed soon); phase 1: the
                // other operations that returned, in order of their calls; phase 2: pending ones,
                // taken only when needed
                while (true) {
                    int op;
                    int at;
                    int tried;
                    if (phase == 0) {
                        int r = firstReturn();
                        phase = 1;
                        entry = next[HEAD];
                        if (r == tail) {
                            skip = -1;
                            continue;
                        }
                        skip = nodeOp[r];
                        op = nodeOp[r];
                        at = callNode[op];
                        tried = 0;
                    } else {
                        if (!nodeCall[entry]) {
                            if (phase == 2) {
                                break;
                            }
                            phase = 2;
                            entry = next[HEAD];
                            continue;
                        }
                        at = entry;
                        op = nodeOp[entry];
                        entry = next[entry];
                        if (pending[op] != (phase == 2) || (phase == 1 && op == skip)) {
                            continue;
                        }
                        tried = phase;
                    }
                    int ns = table.step(state, op);
                    // a pending operation that changes nothing here is better not taken: it may be needed later
                    if (ns >= 0 && !(ns == state && pending[op]) && cache.add(zob ^ zobrist[op] ^ stateKey(ns), bits, op, ns)) {
                        stkNode[depth] = at;
                        stkState[depth] = state;
                        stkForced[depth] = false;
                        stkPhase[depth] = (byte) tried;
                        depth++;
                        bits[op >>> 6] |= 1L << op;
                        zob ^= zobrist[op];
                        state = ns;
                        lift(at);
                        if (!pending[op]) {
                            remaining--;
                        }
                        entering = true;
                        continue outer;
                    }
                }
            }
            // no operation can be taken here: back to the last choice that has alternatives.
            // The deepest point is kept for the report: most operations that returned, then fewest pending ones
            long score = (long) (completed - remaining) * (n + 1) + (n - (depth - (completed - remaining)));
            if (score > bestScore) {
                bestScore = score;
                bestOps = new int[depth];
                bestStates = new int[depth];
                for (int i = 0; i < depth; i++) {
                    bestOps[i] = nodeOp[stkNode[i]];
                    bestStates[i] = i + 1 < depth ? stkState[i + 1] : state;
                }
            }
            while (true) {
                if (depth == 0) {
                    result = End.NOT_LINEARIZABLE;
                    break outer;
                }
                depth--;
                int e = stkNode[depth];
                int op = nodeOp[e];
                state = stkState[depth];
                bits[op >>> 6] &= ~(1L << op);
                zob ^= zobrist[op];
                unlift(e);
                if (!pending[op]) {
                    remaining++;
                }
                if (!stkForced[depth]) {
                    phase = stkPhase[depth];
                    if (phase == 0) {
                        phase = 1;
                        entry = next[HEAD];
                    } else {
                        entry = next[e];
                    }
                    int r = firstReturn();
                    skip = r == tail ? -1 : nodeOp[r];
                    break;
                }
            }
        }
        this.depth = depth;
        this.state = state;
        this.zob = zob;
        this.entry = entry;
        this.entering = entering;
        this.phase = phase;
        this.remaining = remaining;
        this.entered = entered;
        if (result == null) {
            return End.STOPPED;
        }
        if (result == End.LINEARIZABLE || result == End.NOT_LINEARIZABLE) {
            end = result;
        } else {
            end = End.STOPPED;
        }
        return result;
    }

    /** Whether the last {@link #run} ran out of its budget and can go on. */
    boolean paused() {
        return end == null;
    }

    /** The first return node in the list, or the tail. */
    private int firstReturn() {
        int r = next[HEAD];
        while (nodeCall[r]) {
            r = next[r];
        }
        return r;
    }
}
