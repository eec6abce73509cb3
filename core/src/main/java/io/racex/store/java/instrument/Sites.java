package io.racex.store.java.instrument;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Numbers for what instrumented code names: code sites (class, method, source file, line), fields
 * and JDK methods. The {@link Transformer} registers them while it rewrites a class and puts the
 * numbers into the bytecode as constants; the Java store looks them up when a hook fires, to build
 * a step's footprint and its description ({@code BankAccount.balance}, {@code Bank.java:12}).
 * Ids are stable for the life of the JVM; the same name always gets the same id.
 */
public final class Sites {
    private Sites() {}

    /** Where a hook fired. {@code file} may be null (class compiled without debug information), {@code line} -1. */
    public record Site(String className, String method, String file, int line) {
        /** {@code Bank.java:12}, or the class's simple name and method when there is no line. */
        @Override
        public String toString() {
            if (file != null && line > 0) {
                return file + ":" + line;
            }
            String simple = className.substring(className.lastIndexOf('.') + 1);
            return simple + "." + method;
        }
    }

    /** A field: owner class (binary name, dots), name, descriptor, and whether it is static / volatile. */
    public record Field(String owner, String name, String descriptor, boolean isStatic, boolean isVolatile) {
        /** {@code BankAccount.balance}: the owner's simple name and the field name. */
        @Override
        public String toString() {
            String simple = owner.substring(owner.lastIndexOf('.') + 1);
            return simple.substring(simple.lastIndexOf('$') + 1) + "." + name;
        }
    }

    /** A JDK method called from instrumented code: owner (binary name, dots), name, descriptor. */
    public record Method(String owner, String name, String descriptor) {}

    private static final Table<Site> SITES = new Table<>();
    private static final Table<Field> FIELDS = new Table<>();
    private static final Table<Method> METHODS = new Table<>();

    public static int site(String className, String method, String file, int line) {
        return SITES.id(new Site(className, method, file, line));
    }

    public static int field(String owner, String name, String descriptor, boolean isStatic, boolean isVolatile) {
        return FIELDS.id(new Field(owner, name, descriptor, isStatic, isVolatile));
    }

    public static int method(String owner, String name, String descriptor) {
        return METHODS.id(new Method(owner, name, descriptor));
    }

    public static Site site(int id) {
        return SITES.get(id);
    }

    public static Field field(int id) {
        return FIELDS.get(id);
    }

    public static Method method(int id) {
        return METHODS.get(id);
    }

    /**
     * Ids for values: registered under a lock, looked up without one by hooks. The array grows by
     * doubling (copying it on every registration made loading a large code base quadratic) and is
     * republished through the volatile field after each store, so a thread that learned an id,
     * which happened after its registration, sees the value.
     */
    private static final class Table<T> {
        private final Map<T, Integer> ids = new HashMap<>();
        private volatile Object[] values = new Object[64];

        synchronized int id(T value) {
            Integer id = ids.get(value);
            if (id != null) {
                return id;
            }
            int n = ids.size();
            Object[] v = values;
            if (n == v.length) {
                v = Arrays.copyOf(v, 2 * n);
            }
            v[n] = value;
            values = v;
            ids.put(value, n);
            return n;
        }

        @SuppressWarnings("unchecked")
        T get(int id) {
            return (T) values[id];
        }
    }
}
