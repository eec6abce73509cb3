package io.racex.strategy;

import java.util.SplittableRandom;

/** Per-execution random streams of the randomized strategies. */
final class Seeds {
    private Seeds() {}

    /**
     * The random stream of execution {@code index} of a search seeded with {@code seed}. Derived
     * from both alone, so execution i draws the same numbers whatever ran before it (and whichever
     * worker or shard runs it).
     */
    static SplittableRandom forExecution(long seed, long index) {
        return new SplittableRandom(mix(seed * 0x9E3779B97F4A7C15L + index));
    }

    /** Stafford's mix13 finalizer: neighbouring inputs give unrelated outputs. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
