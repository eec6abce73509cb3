package io.racex.history;

import java.util.Arrays;

/**
 * Lowe's memoization: the configurations (set of operations linearized, model state) the search
 * has entered. A configuration entered once and left again has no linearization from it, so
 * entering it again is pointless; nor is entering one that differs only in having spent more
 * pending operations to reach the same place (it has fewer options left).
 *
 * <p>Sets are bitsets stored flat in one {@code long[]} arena, {@code words + 1} longs per entry
 * (the state id first). The hash covers the state and the operations that returned, not the
 * pending ones, so the configurations that may cover each other share a chain; a lookup compares
 * 64-bit hashes first and bitsets only on a match.
 */
final class ConfigCache {
    private final int words;
    private final int stride;
    /** Bits of the pending operations. */
    private final long[] pendingMask;
    private int[] heads; // slot -> entry + 1, 0 = none
    private int mask;
    private long[] hashes = new long[64]; // per entry
    private int[] chain = new int[64]; // per entry: next entry + 1
    private long[] arena;
    private int size;

    ConfigCache(int operations, long[] pendingMask) {
        this.words = Math.max(1, (operations + 63) >>> 6);
        this.stride = words + 1;
        this.pendingMask = pendingMask;
        heads = new int[128];
        mask = heads.length - 1;
        arena = new long[stride * 64];
    }

    int size() {
        return size;
    }

    /** Bytes held (for the bench). */
    long bytes() {
        return heads.length * 4L + hashes.length * 8L + chain.length * 4L + arena.length * 8L;
    }

    /**
     * Adds the configuration ({@code bits} with bit {@code op} set, {@code state}) whose hash is
     * {@code h}, unless a configuration there covers it; whether it was added.
     */
    boolean add(long h, long[] bits, int op, int state) {
        int word = op >>> 6;
        long bit = 1L << op;
        int slot = (int) (h ^ (h >>> 29)) & mask;
        for (int e = heads[slot]; e != 0; e = chain[e - 1]) {
            if (hashes[e - 1] == h && covers((e - 1) * stride, bits, word, bit, state)) {
                return false;
            }
        }
        if (size == hashes.length) {
            hashes = Arrays.copyOf(hashes, size * 2);
            chain = Arrays.copyOf(chain, size * 2);
        }
        int off = size * stride;
        if (off + stride > arena.length) {
            if ((long) arena.length * 2 > Integer.MAX_VALUE - 16) {
                throw new OutOfMemoryError("racex's linearizability search holds more configurations than one array can");
            }
            arena = Arrays.copyOf(arena, arena.length * 2);
        }
        arena[off] = state;
        System.arraycopy(bits, 0, arena, off + 1, words);
        arena[off + 1 + word] |= bit;
        hashes[size] = h;
        chain[size] = heads[slot];
        heads[slot] = size + 1;
        size++;
        if (size > heads.length - (heads.length >>> 2)) {
            grow();
        }
        return true;
    }

    /**
     * Whether the stored configuration at {@code off} makes the new one pointless: same state, same
     * operations that returned, and no pending operation the new one has not taken (equal, or the
     * new one spent more pending operations to get to the same place, and has fewer left).
     */
    private boolean covers(int off, long[] bits, int word, long bit, int state) {
        long[] a = arena;
        if (a[off] != state) {
            return false;
        }
        for (int i = 0; i < words; i++) {
            long w = i == word ? bits[i] | bit : bits[i];
            long stored = a[off + 1 + i];
            if ((stored & ~w) != 0 || ((w & ~stored) & ~pendingMask[i]) != 0) {
                return false;
            }
        }
        return true;
    }

    private void grow() {
        heads = new int[heads.length * 2];
        mask = heads.length - 1;
        for (int e = 0; e < size; e++) {
            long h = hashes[e];
            int slot = (int) (h ^ (h >>> 29)) & mask;
            chain[e] = heads[slot];
            heads[slot] = e + 1;
        }
    }
}
