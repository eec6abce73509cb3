package io.racex.schedule;

import io.racex.RacexException;
import java.util.Arrays;

/**
 * The thread choices of one execution, one per step, as 0-based thread indices. Printed as a
 * short versioned replay token with 1-based threads, e.g. {@code v1:1.1.2.2.2.2.1.1}; long runs
 * of one thread are written {@code 2x4} (thread 2, four steps). {@link #parse} reads both forms,
 * and a token without the {@code v1:} prefix.
 */
public final class Schedule {
    /** Token format version; bump when the meaning of a token changes. */
    public static final String VERSION = "v1";
    private static final int COMPRESS_ABOVE = 24;

    private final int[] choices;

    public Schedule(int[] choices) {
        this.choices = choices.clone();
    }

    public static Schedule of(int... zeroBased) {
        return new Schedule(zeroBased);
    }

    public int length() {
        return choices.length;
    }

    /** The thread (0-based) chosen at step {@code i}. */
    public int choice(int i) {
        return choices[i];
    }

    public int[] choices() {
        return choices.clone();
    }

    /** The replay token: {@code v1:} then 1-based thread numbers joined by dots. */
    public String token() {
        StringBuilder sb = new StringBuilder(VERSION).append(':');
        boolean compress = choices.length > COMPRESS_ABOVE;
        int i = 0;
        while (i < choices.length) {
            int j = i;
            while (compress && j + 1 < choices.length && choices[j + 1] == choices[i]) {
                j++;
            }
            if (i > 0) {
                sb.append('.');
            }
            sb.append(choices[i] + 1);
            if (j > i) {
                sb.append('x').append(j - i + 1);
            }
            i = j + 1;
        }
        return sb.toString();
    }

    /**
     * Reads a replay token.
     *
     * @throws RacexException with a sentence saying what is wrong and what a token looks like
     */
    public static Schedule parse(String token) {
        if (token == null || token.isBlank()) {
            throw malformed(token, "it is empty");
        }
        String body = token.strip();
        int colon = body.indexOf(':');
        if (colon >= 0) {
            String version = body.substring(0, colon);
            if (!version.equals(VERSION)) {
                throw malformed(token, "unknown version '" + version + "' (this racex reads " + VERSION + ")");
            }
            body = body.substring(colon + 1);
        }
        if (body.isEmpty()) {
            throw malformed(token, "it has no steps");
        }
        String[] parts = body.split("\\.", -1);
        int[] out = new int[16];
        int n = 0;
        for (String part : parts) {
            int x = part.indexOf('x');
            int thread = number(token, x < 0 ? part : part.substring(0, x));
            int repeat = x < 0 ? 1 : number(token, part.substring(x + 1));
            if (thread < 1) {
                throw malformed(token, "threads are numbered from 1, found " + thread);
            }
            if (repeat < 1 || repeat > 1_000_000) {
                throw malformed(token, "a repeat count must be between 1 and 1000000, found " + repeat);
            }
            for (int r = 0; r < repeat; r++) {
                if (n == out.length) {
                    out = Arrays.copyOf(out, n * 2);
                }
                out[n++] = thread - 1;
            }
        }
        return new Schedule(Arrays.copyOf(out, n));
    }

    private static int number(String token, String s) {
        if (s.isEmpty() || s.length() > 7 || !s.chars().allMatch(Character::isDigit)) {
            throw malformed(token, "'" + s + "' is not a thread number");
        }
        return Integer.parseInt(s);
    }

    private static RacexException malformed(String token, String why) {
        return new RacexException("malformed schedule '" + token + "': " + why
                + "; a schedule looks like v1:1.1.2.2 (the thread that moves at each step, from 1)");
    }

    /** Orders schedules lexicographically by their choices, shorter first on a tie. */
    public int compareTo(Schedule other) {
        return Arrays.compare(choices, other.choices);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Schedule s && Arrays.equals(choices, s.choices);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(choices);
    }

    @Override
    public String toString() {
        return token();
    }
}
