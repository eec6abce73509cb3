package io.racex.engine;

import io.racex.RacexException;

/**
 * One part of a search split into {@code count} disjoint parts, for spreading it over machines
 * (a CI matrix, a cluster's job array): {@code racex explore X --shard 3/8}. The parts are fixed
 * by the scenario alone, so every machine computes the same split; together they run exactly the
 * executions of the whole search, each in exactly one part.
 *
 * @param index which part, 1-based
 * @param count how many parts
 */
public record Shard(int index, int count) {
    /** The whole search, unsplit. */
    public static final Shard ALL = new Shard(1, 1);

    public Shard {
        if (count < 1 || index < 1 || index > count) {
            throw new RacexException("a shard is k/n with 1 <= k <= n, was " + index + "/" + count);
        }
    }

    /**
     * Parses {@code k/n}.
     *
     * @throws RacexException if the text is not of that form
     */
    public static Shard parse(String text) {
        String t = text == null ? "" : text.trim();
        int slash = t.indexOf('/');
        if (slash > 0 && slash < t.length() - 1) {
            try {
                return new Shard(Integer.parseInt(t.substring(0, slash)), Integer.parseInt(t.substring(slash + 1)));
            } catch (NumberFormatException e) {
                // falls through to the message below
            }
        }
        throw new RacexException("--shard takes k/n (part k of n, 1 <= k <= n, e.g. 2/4), not '" + text + "'");
    }

    /** Whether this shard owns the {@code i}-th (0-based) subtree of the split. */
    public boolean owns(long subtree) {
        return subtree % count == index - 1;
    }

    public boolean isAll() {
        return count == 1;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
