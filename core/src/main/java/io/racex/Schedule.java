package io.racex;

import java.util.Arrays;

/**
 * The thread choices of one execution, one per step, as 0-based thread indices. Printed as a
 * short versioned replay token with 1-based threads, e.g. {@code v1:1.1.2.2.2.2.1.1}; long runs
 * of one thread are written {@code 2x4} (thread 2, four steps).
 *
 * <p>The token grammar, the only one {@link #parse} reads (ASCII only, nothing around it):
 * <pre>
 * token  = "v1:" step *( "." step )
 * step   = number [ "x" number ]      ; a thread, and how many steps in a row it takes (default 1)
 * number = %x31-39 *%x30-39           ; 1, 2, … 9999999: no sign, no leading zero, ASCII digits only
 * </pre>
 * A token names every step of its execution: a replay of a token shorter or longer than the
 * execution it drives is an error, not a prefix.
 */
public final class Schedule {
    /** Token format version; bump when the meaning of a token changes. */
    public static final String VERSION = "v1";
    /** The most steps a token may have when no step bound is given ({@link #parse(String)}). */
    public static final int MAX_LENGTH = 1_000_000;
    private static final int COMPRESS_ABOVE = 24;
    private static final int MAX_DIGITS = 7;
    private static final String PREFIX = VERSION + ":";

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
     * Reads a replay token of at most {@link #MAX_LENGTH} steps.
     *
     * @throws RacexException with a sentence saying what is wrong and what a token looks like
     */
    public static Schedule parse(String token) {
        return parse(token, MAX_LENGTH);
    }

    /**
     * Reads a replay token of at most {@code maxSteps} steps (the step bound of the execution it is
     * to drive). The token's length and its number of steps are checked before anything is
     * expanded, so a short token that names a billion steps costs nothing.
     *
     * @throws RacexException with a sentence saying what is wrong and what a token looks like
     */
    public static Schedule parse(String token, int maxSteps) {
        if (token == null || token.isEmpty()) {
            throw malformed(token, "it is empty");
        }
        if (Character.isWhitespace(token.charAt(0)) || Character.isWhitespace(token.charAt(token.length() - 1))) {
            throw malformed(token, "it has spaces around it");
        }
        if (!token.startsWith(PREFIX)) {
            int colon = token.indexOf(':');
            throw malformed(token, colon > 0 && colon < 6 ? "unknown version '" + token.substring(0, colon) + "' (this racex reads "
                    + VERSION + ")" : "it does not start with " + PREFIX + ", the token's version");
        }
        // a step takes at least two characters ("1."), at most 2 numbers, an 'x' and a dot
        if (token.length() > PREFIX.length() + (long) (2 * MAX_DIGITS + 2) * maxSteps) {
            throw malformed(token, "it is " + token.length() + " characters long, more than any schedule of at most "
                    + maxSteps + " steps");
        }
        if (token.length() == PREFIX.length()) {
            throw malformed(token, "it has no steps");
        }
        // first pass: check the grammar and count the steps, expanding nothing
        long steps = 0;
        int i = PREFIX.length();
        while (true) {
            int start = i;
            i = number(token, i, "a thread number");
            long repeat = 1;
            if (i < token.length() && token.charAt(i) == 'x') {
                int c = i + 1;
                i = number(token, c, "a repeat count");
                repeat = Long.parseLong(token, c, i, 10);
            }
            steps += repeat;
            if (steps > maxSteps) {
                throw malformed(token, "it has more than " + maxSteps + " steps, the most it may have here"
                        + (maxSteps == MAX_LENGTH ? "" : " (the step bound)"));
            }
            if (i == token.length()) {
                break;
            }
            if (token.charAt(i) != '.') {
                throw malformed(token, unexpected(token, i) + " after step '" + token.substring(start, i)
                        + "': steps are separated by dots, a repeat count follows an x");
            }
            i++;
        }
        // second pass: expand
        int[] out = new int[(int) steps];
        int n = 0;
        i = PREFIX.length();
        while (i < token.length()) {
            int end = i;
            while (end < token.length() && isDigit(token.charAt(end))) {
                end++;
            }
            int thread = Integer.parseInt(token, i, end, 10) - 1;
            int repeat = 1;
            i = end;
            if (i < token.length() && token.charAt(i) == 'x') {
                end = ++i;
                while (end < token.length() && isDigit(token.charAt(end))) {
                    end++;
                }
                repeat = Integer.parseInt(token, i, end, 10);
                i = end;
            }
            Arrays.fill(out, n, n + repeat, thread);
            n += repeat;
            i++; // the dot
        }
        return new Schedule(out);
    }

    /** Checks a number at {@code i} (1 or more, ASCII digits, no leading zero); returns the index after it. */
    private static int number(String token, int i, String what) {
        if (i >= token.length()) {
            throw malformed(token, "it ends where " + what + " should be");
        }
        char c = token.charAt(i);
        if (c == '0') {
            throw malformed(token, what + " at character " + (i + 1) + " starts with 0: "
                    + (what.startsWith("a thread") ? "threads are numbered from 1" : "counts are 1 or more") + ", without leading zeros");
        }
        if (!isDigit(c)) {
            throw malformed(token, unexpected(token, i) + " where " + what + " should be (ASCII digits 1-9, then 0-9)");
        }
        int end = i;
        while (end < token.length() && isDigit(token.charAt(end))) {
            end++;
        }
        if (end - i > MAX_DIGITS) {
            throw malformed(token, what + " at character " + (i + 1) + " has more than " + MAX_DIGITS + " digits");
        }
        return end;
    }

    /** ASCII digits only: {@link Character#isDigit} would accept Arabic-Indic, fullwidth and other digits. */
    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static String unexpected(String token, int i) {
        int cp = token.codePointAt(i);
        String shown = cp < 0x20 || cp == 0x7f ? String.format("U+%04X", cp) : "'" + new String(Character.toChars(cp)) + "'";
        return shown + " at character " + (i + 1);
    }

    private static RacexException malformed(String token, String why) {
        return new RacexException("malformed schedule '" + abbreviate(token) + "': " + why
                + "; a schedule looks like v1:1.1.2.2 (the thread that moves at each step, from 1; 2x4 is four steps of thread 2)");
    }

    /** A token as an error message shows it: long ones cut, so the message stays one readable line. */
    public static String abbreviate(String token) {
        if (token == null) {
            return "";
        }
        String oneLine = token.replaceAll("\\p{Cntrl}", "?");
        return oneLine.length() <= 60 ? oneLine : oneLine.substring(0, 40) + "…(" + oneLine.length() + " characters)";
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
