package io.racex.store.java.instrument;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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

    private static final List<Site> SITES = new ArrayList<>();
    private static final Map<Site, Integer> SITE_IDS = new HashMap<>();
    private static final List<Field> FIELDS = new ArrayList<>();
    private static final Map<Field, Integer> FIELD_IDS = new HashMap<>();
    private static final List<Method> METHODS = new ArrayList<>();
    private static final Map<Method, Integer> METHOD_IDS = new HashMap<>();
    /** Snapshots for lock-free reads by hooks; replaced on every registration. */
    private static volatile Site[] sites = new Site[0];
    private static volatile Field[] fields = new Field[0];
    private static volatile Method[] methods = new Method[0];

    public static synchronized int site(String className, String method, String file, int line) {
        return SITE_IDS.computeIfAbsent(new Site(className, method, file, line), s -> {
            SITES.add(s);
            sites = SITES.toArray(new Site[0]);
            return SITES.size() - 1;
        });
    }

    public static synchronized int field(String owner, String name, String descriptor, boolean isStatic, boolean isVolatile) {
        return FIELD_IDS.computeIfAbsent(new Field(owner, name, descriptor, isStatic, isVolatile), f -> {
            FIELDS.add(f);
            fields = FIELDS.toArray(new Field[0]);
            return FIELDS.size() - 1;
        });
    }

    public static synchronized int method(String owner, String name, String descriptor) {
        return METHOD_IDS.computeIfAbsent(new Method(owner, name, descriptor), m -> {
            METHODS.add(m);
            methods = METHODS.toArray(new Method[0]);
            return METHODS.size() - 1;
        });
    }

    public static Site site(int id) {
        return sites[id];
    }

    public static Field field(int id) {
        return fields[id];
    }

    public static Method method(int id) {
        return methods[id];
    }
}
