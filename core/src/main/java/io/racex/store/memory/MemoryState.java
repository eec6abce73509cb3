package io.racex.store.memory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The initial state of a {@link MemoryStore}: named cells holding {@code int}, {@code long} or
 * {@code String} values, and named maps. Built once per scenario; every execution starts from a copy.
 */
public final class MemoryState {
    final Map<String, Object> cells = new LinkedHashMap<>();
    final Map<String, Map<Object, Object>> maps = new LinkedHashMap<>();

    /** Declares a cell with its initial value (an Integer, Long, String or Boolean). */
    public MemoryState cell(String name, Object value) {
        if (value != null && !(value instanceof Integer || value instanceof Long || value instanceof String
                || value instanceof Boolean)) {
            throw new IllegalArgumentException("cell " + name + ": only int, long, String and boolean values are supported, not "
                    + value.getClass().getSimpleName());
        }
        cells.put(name, value);
        return this;
    }

    /** Declares cells {@code name[0]..name[length-1]}, all holding {@code value}. */
    public MemoryState array(String name, int length, Object value) {
        for (int i = 0; i < length; i++) {
            cell(MemoryAccess.element(name, i), value);
        }
        return this;
    }

    /** Declares an empty map. */
    public MemoryState map(String name) {
        maps.put(name, new TreeMap<>());
        return this;
    }

    /** Declares a map with initial entries. */
    public MemoryState map(String name, Map<?, ?> entries) {
        maps.put(name, new TreeMap<>(entries));
        return this;
    }
}
