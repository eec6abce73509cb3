package io.racex.history;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The values of recorded operations (arguments and results): {@code null}, {@link Boolean},
 * {@link Long}, {@link Double}, {@link String}, {@link Edn.Keyword}, {@link List} and {@link Map}
 * of these. Numbers are normalized to {@code Long}/{@code Double} so that a value recorded from
 * Java ({@code Integer 3}) equals the same value read from a file ({@code Long 3}).
 */
public final class Values {
    private Values() {}

    /** The normalized form of {@code v}: integral numbers as Long, other numbers as Double, arrays and collections as lists. */
    public static Object normalize(Object v) {
        if (v == null || v instanceof Long || v instanceof String || v instanceof Boolean || v instanceof Double) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof BigInteger b) {
            return b.bitLength() < 64 ? (Object) b.longValue() : b;
        }
        if (v instanceof BigDecimal d) {
            try {
                return d.longValueExact();
            } catch (ArithmeticException e) {
                return d.doubleValue();
            }
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof Character c) {
            return c.toString();
        }
        if (v instanceof Object[] a) {
            return normalizeAll(List.of(a));
        }
        if (v instanceof int[] a) {
            List<Object> out = new ArrayList<>(a.length);
            for (int x : a) {
                out.add((long) x);
            }
            return Collections.unmodifiableList(out);
        }
        if (v instanceof long[] a) {
            List<Object> out = new ArrayList<>(a.length);
            for (long x : a) {
                out.add(x);
            }
            return Collections.unmodifiableList(out);
        }
        if (v instanceof Collection<?> c && !(v instanceof java.util.Set<?>)) {
            return normalizeAll(c);
        }
        if (v instanceof java.util.Set<?> s) {
            java.util.Set<Object> out = new java.util.LinkedHashSet<>();
            for (Object x : s) {
                out.add(normalize(x));
            }
            return Collections.unmodifiableSet(out);
        }
        if (v instanceof Map<?, ?> m) {
            Map<Object, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(normalize(e.getKey()), normalize(e.getValue()));
            }
            return Collections.unmodifiableMap(out);
        }
        return v;
    }

    /** Normalizes every element, as an unmodifiable list. */
    public static List<Object> normalizeAll(Collection<?> values) {
        List<Object> out = new ArrayList<>(values.size());
        for (Object x : values) {
            out.add(normalize(x));
        }
        return Collections.unmodifiableList(out);
    }

    /** The value as a person reads it in a report: strings quoted, {@code nil} for null, lists in brackets. */
    public static String format(Object v) {
        StringBuilder sb = new StringBuilder();
        format(sb, v);
        return sb.toString();
    }

    static void format(StringBuilder sb, Object v) {
        if (v == null) {
            sb.append("nil");
        } else if (v instanceof String s) {
            quote(sb, s);
        } else if (v instanceof Map<?, ?> m) {
            sb.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) {
                    sb.append(", ");
                }
                first = false;
                format(sb, e.getKey());
                sb.append(": ");
                format(sb, e.getValue());
            }
            sb.append('}');
        } else if (v instanceof java.util.Set<?> s) {
            sb.append("#{");
            join(sb, s);
            sb.append('}');
        } else if (v instanceof Collection<?> c) {
            sb.append('[');
            join(sb, c);
            sb.append(']');
        } else {
            sb.append(v);
        }
    }

    private static void join(StringBuilder sb, Collection<?> c) {
        boolean first = true;
        for (Object x : c) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            format(sb, x);
        }
    }

    /** Appends {@code s} in double quotes with JSON escapes. */
    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
