package io.racex.history;

/**
 * An immutable string built by appending, as a key-value store's appends build it: appending
 * costs the length of the piece appended, not of the whole, and the hash is carried along (a
 * polynomial hash, so {@code hash(a + b)} follows from {@code hash(a)} and {@code b}). Equal
 * texts have equal hashes however they were built; equality compares characters only when lengths
 * and hashes agree.
 */
final class Text {
    private static final long BASE = 0x100000001b3L;
    static final Text EMPTY = new Text(null, "", 0, 0);

    private final Text prefix;
    private final String piece;
    private final int length;
    private final long hash;
    private String flat;

    private Text(Text prefix, String piece, int length, long hash) {
        this.prefix = prefix;
        this.piece = piece;
        this.length = length;
        this.hash = hash;
        if (prefix == null) {
            this.flat = piece;
        }
    }

    static Text of(String s) {
        return new Text(null, s, s.length(), hash(0, s));
    }

    private static long hash(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h = h * BASE + s.charAt(i);
        }
        return h;
    }

    Text append(String s) {
        if (s.isEmpty()) {
            return this;
        }
        if (length == 0) {
            return of(s);
        }
        return new Text(this, s, length + s.length(), hash(hash, s));
    }

    int length() {
        return length;
    }

    /** Whether {@code s} starts with this text. */
    boolean isPrefixOf(String s) {
        if (length > s.length()) {
            return false;
        }
        int end = length;
        for (Text t = this; t != null; t = t.prefix) {
            int start = end - t.piece.length();
            if (!s.regionMatches(start, t.piece, 0, t.piece.length())) {
                return false;
            }
            end = start;
        }
        return true;
    }

    /** Whether this text reads {@code s}. */
    boolean contentEquals(String s) {
        if (s.length() != length) {
            return false;
        }
        if (flat != null) {
            return flat.equals(s);
        }
        if (hash(0, s) != hash) {
            return false;
        }
        // compare from the end, piece by piece
        int end = length;
        for (Text t = this; t != null; t = t.prefix) {
            int start = end - t.piece.length();
            if (!s.regionMatches(start, t.piece, 0, t.piece.length())) {
                return false;
            }
            end = start;
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Text t) || t.length != length || t.hash != hash) {
            return false;
        }
        return toString().equals(t.toString());
    }

    @Override
    public int hashCode() {
        return (int) (hash ^ (hash >>> 32));
    }

    @Override
    public String toString() {
        String f = flat;
        if (f == null) {
            char[] out = new char[length];
            int end = length;
            for (Text t = this; t != null; t = t.prefix) {
                int start = end - t.piece.length();
                t.piece.getChars(0, t.piece.length(), out, start);
                end = start;
            }
            f = new String(out);
            flat = f;
        }
        return f;
    }
}
