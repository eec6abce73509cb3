package io.racex.engine;

/**
 * How long a handoff wait spins before it parks. A short spin avoids the kernel when the other side
 * answers within microseconds, which it does on a machine with a spare core; with a single core
 * spinning only delays the thread it waits for, so it is skipped.
 *
 * <p>The budget adapts to the machine: halved each time a wait ends parked anyway, grown each time a
 * spin catches the handoff. On a quiet machine with spare cores spins catch most handoffs and it
 * stays high; on a busy machine, where a spinning thread only takes a core from the thread it waits
 * for, it falls to a short probe that lets it grow again when the machine quietens. Shared by all
 * runtimes and updated without synchronization: it is a hint, not state.
 */
final class Spin {
    /** The most spins of one wait; none on a single core, where the awaited thread needs this core. */
    static final int MAX = java.lang.Runtime.getRuntime().availableProcessors() > 1 ? 2_000 : 0;
    /** Yields a controller allows itself after spinning, before it parks. */
    static final int YIELDS = 20;

    private static int budget = MAX;

    private Spin() {}

    /** Spins the next wait may take before parking. */
    static int budget() {
        return budget;
    }

    /** A spin caught the handoff: allow a little more next time. */
    static void caught() {
        int s = budget;
        if (s < MAX) {
            budget = Math.min(MAX, s + 16 + s / 8);
        }
    }

    /** A wait parked after spinning its whole budget: halve it, down to a short probe. */
    static void missed() {
        budget = Math.max(Math.min(MAX, 64), budget / 2);
    }
}
