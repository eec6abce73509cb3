package io.racex.junit;

import io.racex.RacexException;
import io.racex.Options;
import io.racex.Schedule;
import io.racex.store.java.JavaExplorer;
import io.racex.store.java.JavaStore;
import io.racex.store.java.instrument.InstrumentingClassLoader;
import io.racex.strategy.Dpor;
import java.lang.annotation.Annotation;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import io.racex.Strategy;

/**
 * Explores a {@link RacexTest} method the way the JUnit extension does, without JUnit: for the
 * command line and other runners. The test class is loaded again through an instrumenting class
 * loader (made once per class and list of extra packages); each execution makes a new instance,
 * runs the methods annotated {@code @BeforeEach}, the test and those annotated {@code @AfterEach}
 * (JUnit's annotations, found by name, so JUnit need not be on the class path).
 */
public final class RacexTests {
    private static final Map<String, InstrumentingClassLoader> LOADERS = new ConcurrentHashMap<>();

    private RacexTests() {}

    /**
     * Explores {@code method} of {@code testClass} (as loaded by the caller; racex loads it again
     * instrumented), exhaustively or replaying {@code replay}.
     *
     * @param instrument more packages or classes to instrument besides the test class's package
     * @throws RacexException if the class or method cannot be run this way
     */
    public static JavaExplorer.Outcome explore(Class<?> testClass, Method method, Options options, Schedule replay,
                                               String... instrument) {
        return explore(testClass, method, options, Dpor::new, replay, instrument);
    }

    /**
     * Explores {@code method} of {@code testClass} with the strategies {@code strategy} makes (a
     * new one for each attempt; exhaustive DPOR is {@code Dpor::new}), or replays {@code replay}.
     *
     * @throws RacexException if the class or method cannot be run this way
     */
    public static JavaExplorer.Outcome explore(Class<?> testClass, Method method, Options options,
                                               Supplier<Strategy> strategy, Schedule replay, String... instrument) {
        if (method.getParameterCount() > 0) {
            throw new RacexException("@RacexTest " + method.getName() + " must take no parameters");
        }
        if (testClass.getEnclosingClass() != null && !Modifier.isStatic(testClass.getModifiers())) {
            throw new RacexException("@RacexTest in " + testClass.getName()
                    + ": racex cannot make instances of an inner (@Nested) class; use a top-level or static nested class");
        }
        InstrumentingClassLoader loader = LOADERS.computeIfAbsent(testClass.getName() + "|" + String.join(",", instrument)
                + "|" + System.identityHashCode(testClass.getClassLoader()), k -> InstrumentingClassLoader.forClass(testClass, instrument));
        Method body;
        Constructor<?> constructor;
        List<Method> before;
        List<Method> after;
        try {
            Class<?> reloaded = loader.loadClass(testClass.getName());
            body = declared(reloaded, method.getName());
            body.setAccessible(true);
            constructor = reloaded.getDeclaredConstructor();
            constructor.setAccessible(true);
            before = annotated(reloaded, "org.junit.jupiter.api.BeforeEach", true);
            after = annotated(reloaded, "org.junit.jupiter.api.AfterEach", false);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            throw new RacexException("racex cannot run " + testClass.getName() + "#" + method.getName() + ": " + e.getMessage()
                    + (e instanceof NoSuchMethodException ? " (the test class needs a constructor without parameters)" : ""), e);
        }
        String name = testClass.getSimpleName() + "." + method.getName();
        RacexDatabase database = database(testClass, method);
        JavaStore.Setup setup = () -> {
            Object instance = constructor.newInstance();
            for (Method m : before) {
                invoke(m, instance);
            }
            return instance;
        };
        JavaStore.NamedCode code = new JavaStore.NamedCode(method.getName() + "()", instance -> {
            invoke(body, instance);
            for (Method m : after) {
                invoke(m, instance);
            }
            return null;
        });
        return JavaExplorer.explore(slots -> {
            JavaStore.Slots flag = new JavaStore.Slots();
            List<JavaStore> stores = Collections.synchronizedList(new ArrayList<>());
            return new JavaExplorer.Attempt(JavaStore.test(name, "@RacexTest " + testClass.getName() + "#" + method.getName(),
                    setup, loader::resetStatics, code, slots, flag, stores::add, around(database)), flag, stores);
        }, 2, options, strategy, replay);
    }

    /** The method without parameters of that name, declared by {@code c} or inherited from a superclass. */
    private static Method declared(Class<?> c, String name) throws NoSuchMethodException {
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            try {
                return k.getDeclaredMethod(name);
            } catch (NoSuchMethodException e) {
                // an abstract test class above may declare it: the test class inherits its @RacexTest methods
            }
        }
        throw new NoSuchMethodException(c.getName() + "." + name + "()");
    }

    /** The {@link RacexDatabase} of the method, else of its class (or a superclass), or null. */
    static RacexDatabase database(Class<?> testClass, Method method) {
        RacexDatabase d = method.getAnnotation(RacexDatabase.class);
        return d != null ? d : testClass.getAnnotation(RacexDatabase.class); // @Inherited: superclasses too
    }

    /**
     * What each Java store of the test runs on: itself, or with {@code database} a store that adds
     * the database's connections to it (a new scratch schema per store, dropped when it is closed).
     */
    private static java.util.function.Function<JavaStore, io.racex.store.Store<io.racex.store.java.JavaThread>> around(
            RacexDatabase database) {
        if (database == null) {
            return s -> s;
        }
        io.racex.store.jdbc.Database db = io.racex.store.jdbc.Database.parse(database.value());
        return s -> new io.racex.store.bridge.JavaJdbcStore(s, io.racex.store.jdbc.JdbcStore.builder(db)
                .setup(database.setup()).isolation(database.isolation()).build());
    }

    /**
     * The {@link RacexTest} methods of {@code c} and its superclasses, by name: what a runner
     * without JUnit (the command line) runs when given only the class. The annotation is matched
     * by name, so a class compiled against another copy of racex is still found.
     */
    public static List<Method> testMethods(Class<?> c) {
        List<Method> out = annotated(c, RacexTest.class.getName(), true);
        out.sort(java.util.Comparator.comparing(Method::getName));
        return out;
    }

    /** Methods of {@code c} and its superclasses with the annotation of that name: superclass first for before, last for after. */
    private static List<Method> annotated(Class<?> c, String annotation, boolean superFirst) {
        List<Method> out = new ArrayList<>();
        for (Class<?> k = c; k != null && k != Object.class; k = k.getSuperclass()) {
            List<Method> own = new ArrayList<>();
            for (Method m : k.getDeclaredMethods()) {
                for (Annotation a : m.getAnnotations()) {
                    if (a.annotationType().getName().equals(annotation) && m.getParameterCount() == 0) {
                        m.setAccessible(true);
                        own.add(m);
                    }
                }
            }
            own.sort(java.util.Comparator.comparing(Method::getName));
            if (superFirst) {
                out.addAll(0, own);
            } else {
                out.addAll(own);
            }
        }
        return out;
    }

    /** Calls {@code m}, throwing what it throws rather than a reflection wrapper. */
    private static void invoke(Method m, Object instance) throws Exception {
        try {
            m.invoke(instance);
        } catch (InvocationTargetException e) {
            Throwable c = e.getCause();
            if (c instanceof Exception x) {
                throw x;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(c);
        }
    }
}
