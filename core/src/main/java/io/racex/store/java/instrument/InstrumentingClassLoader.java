package io.racex.store.java.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Loads the classes under test instrumented by the {@link Transformer}, from the same class files
 * its parent would load them from; everything else comes from the parent as usual.
 *
 * <p>A class the {@link Filter} selects is loaded child-first: its class file is read through the
 * parent's resources, rewritten, and defined here with a {@link CodeSource} naming the same
 * directory or jar, so {@code getProtectionDomain().getCodeSource()}, resources and stack traces
 * (source file and line) look as they do for the original. Every other class, racex's own and the
 * JDK's included, comes from the parent, so instrumented code and its test share {@link Hooks},
 * JDK and library classes. The same class name thus exists twice, once plain in the parent and
 * once instrumented here; code under test must reach the instrumented one through this loader
 * ({@code loadClass}, or by being loaded by it).
 *
 * <pre>{@code
 * InstrumentingClassLoader loader = InstrumentingClassLoader.forClass(BankTest.class);
 * Class<?> bank = loader.loadClass("com.example.Bank");   // instrumented
 * ... run an execution ...
 * loader.resetStatics();                                   // statics as a fresh JVM has them
 * }</pre>
 */
public final class InstrumentingClassLoader extends ClassLoader {
    static {
        registerAsParallelCapable();
    }

    /**
     * Which classes are instrumented. {@code includes} are package names (their sub-packages
     * included) or class names (their nested classes included); the empty string names the
     * unnamed package. {@code excludes} are the same and win over includes. Never instrumented,
     * whatever the lists say: {@code java.*, javax.*, jdk.*, sun.*, com.sun.*}, JUnit, ASM, and
     * racex itself ({@code io.racex.*}) except its samples and racex packages named explicitly in
     * {@code includes} (racex's own test fixtures); the packages of {@link Hooks} and of the
     * store behind it never.
     */
    public record Filter(List<String> includes, List<String> excludes) {
        private static final List<String> NEVER = List.of("java.", "javax.", "jdk.", "sun.", "com.sun.",
                "org.junit.", "org.opentest4j.", "org.apiguardian.", "org.objectweb.asm.");
        private static final List<String> RACEX_RUNTIME = List.of("io.racex.store.java.instrument", "io.racex.store.java");

        public Filter {
            includes = normalized(includes);
            excludes = normalized(excludes);
        }

        /** Instruments these packages or classes. */
        public static Filter of(String... includes) {
            return new Filter(List.of(includes), List.of());
        }

        /** This filter, also leaving these packages or classes plain. */
        public Filter excluding(String... more) {
            List<String> all = new ArrayList<>(excludes);
            all.addAll(List.of(more));
            return new Filter(includes, all);
        }

        /** Whether the class of this binary name ({@code com.example.Bank$Account}) is instrumented. */
        public boolean instruments(String className) {
            for (String n : NEVER) {
                if (className.startsWith(n)) {
                    return false;
                }
            }
            if (matchesAny(excludes, className)) {
                return false;
            }
            if (className.startsWith("io.racex.") && !className.startsWith("io.racex.samples.")) {
                int dot = className.lastIndexOf('.');
                if (RACEX_RUNTIME.contains(className.substring(0, dot))) {
                    return false;
                }
                for (String i : includes) {
                    if (i.startsWith("io.racex.") && matches(i, className)) {
                        return true;
                    }
                }
                return false;
            }
            return matchesAny(includes, className);
        }

        private static boolean matchesAny(List<String> entries, String className) {
            for (String e : entries) {
                if (matches(e, className)) {
                    return true;
                }
            }
            return false;
        }

        private static boolean matches(String entry, String className) {
            if (entry.isEmpty()) {
                return className.indexOf('.') < 0;
            }
            return className.startsWith(entry) && (className.length() == entry.length()
                    || className.charAt(entry.length()) == '.' || className.charAt(entry.length()) == '$');
        }

        private static List<String> normalized(List<String> entries) {
            List<String> out = new ArrayList<>();
            for (String e : entries) {
                String s = e.strip();
                while (s.endsWith(".") || s.endsWith("*")) {
                    s = s.substring(0, s.length() - 1);
                }
                out.add(s);
            }
            return List.copyOf(out);
        }
    }

    private final Filter filter;
    private final Transformer transformer;
    private final Map<String, ProtectionDomain> domains = new ConcurrentHashMap<>();
    private final List<Class<?>> defined = new CopyOnWriteArrayList<>();
    /** Reinit methods of initialized classes, in the order their static initializers finished. */
    private final List<Method> reinits = new CopyOnWriteArrayList<>();

    /** Instruments the classes {@code filter} selects, reading them from {@code parent}'s class files. */
    public InstrumentingClassLoader(ClassLoader parent, Filter filter) {
        // unnamed: a named loader would prefix every stack frame of the code under test with its name
        super(parent != null ? parent : ClassLoader.getSystemClassLoader());
        this.filter = filter;
        this.transformer = new Transformer(getParent());
    }

    /**
     * A loader that instruments {@code c}'s package (and {@code extraPackages}: package or class
     * names), reading class files from where {@code c}'s own loader reads them. {@code c} itself
     * is then loaded instrumented through the new loader.
     */
    public static InstrumentingClassLoader forClass(Class<?> c, String... extraPackages) {
        ClassLoader parent = c.getClassLoader();
        if (parent instanceof InstrumentingClassLoader l) {
            parent = l.getParent();
        }
        List<String> includes = new ArrayList<>();
        includes.add(c.getPackageName());
        includes.addAll(Arrays.asList(extraPackages));
        return new InstrumentingClassLoader(parent, new Filter(includes, List.of()));
    }

    /** Which classes this loader instruments. */
    public Filter filter() {
        return filter;
    }

    /** The classes this loader has defined (all instrumented), in definition order. */
    public List<Class<?>> instrumentedClasses() {
        return List.copyOf(defined);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (!filter.instruments(name)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                c = define(name);
            }
            if (c == null) {
                return super.loadClass(name, resolve); // no class file: generated, or only the parent knows it
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    private Class<?> define(String name) throws ClassNotFoundException {
        String path = name.replace('.', '/') + ".class";
        URL url = getParent().getResource(path);
        if (url == null) {
            return null;
        }
        byte[] original;
        try (InputStream in = url.openStream()) {
            original = in.readAllBytes();
        } catch (IOException e) {
            throw new ClassNotFoundException(name, e);
        }
        byte[] bytes;
        try {
            bytes = transformer.transform(original);
        } catch (RuntimeException e) {
            ClassFormatError error = new ClassFormatError("racex could not instrument " + name + " (" + url + "): " + e);
            error.initCause(e);
            throw error;
        }
        Class<?> c = defineClass(name, bytes, 0, bytes.length, domain(url, path));
        defined.add(c);
        return c;
    }

    /** The protection domain of the directory or jar the class file came from. */
    private ProtectionDomain domain(URL classFile, String path) {
        String location = classFile.toString();
        if (location.endsWith(path)) {
            location = location.substring(0, location.length() - path.length());
        }
        if (location.startsWith("jar:") && location.endsWith("!/")) {
            location = location.substring("jar:".length(), location.length() - "!/".length());
        }
        return domains.computeIfAbsent(location, l -> {
            URL url;
            try {
                url = URI.create(l).toURL();
            } catch (IllegalArgumentException | MalformedURLException e) {
                url = classFile;
            }
            return new ProtectionDomain(new CodeSource(url, (Certificate[]) null), null, this, null);
        });
    }

    /**
     * Puts the static fields of every class this loader instrumented and that has been
     * initialized back as a fresh JVM would have them, by running the classes'
     * {@value Transformer#REINIT} methods in the order their static initializers finished (so a
     * class is reset after the classes its initializer read). Final static fields keep their
     * objects (a final static cannot be stored again); mutable objects behind them, such as a
     * {@code static final Map}, keep their contents. Call it while no instrumented code runs.
     *
     * @throws IllegalStateException if a static initializer fails when run again
     */
    public void resetStatics() {
        for (Method reinit : List.copyOf(reinits)) {
            try {
                reinit.invoke(null);
            } catch (InvocationTargetException e) {
                throw new IllegalStateException("racex could not reset the static fields of "
                        + reinit.getDeclaringClass().getName() + ": its static initializer failed when run again: "
                        + e.getCause(), e.getCause());
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("racex could not call " + reinit, e);
            }
        }
    }

    /**
     * Called by the static initializer of each instrumented class that has non-final static
     * fields, when it returns; public only because instrumented code calls it.
     */
    public static void classInitialized(Class<?> c) {
        if (c.getClassLoader() instanceof InstrumentingClassLoader loader) {
            try {
                Method reinit = c.getDeclaredMethod(Transformer.REINIT);
                reinit.setAccessible(true);
                loader.reinits.add(reinit);
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException("instrumented class " + c.getName() + " has no " + Transformer.REINIT, e);
            }
        }
    }
}
