package io.racex.cli;

import io.racex.ExplorationResult;
import io.racex.Options;
import io.racex.RacexException;
import io.racex.Schedule;
import io.racex.Strategy;
import io.racex.junit.RacexTest;
import io.racex.junit.RacexTests;
import io.racex.store.java.JavaExplorer;
import java.io.File;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The {@code @RacexTest} methods of a user's compiled class, for {@code racex explore --classpath
 * PATH com.example.SomeTest[#method]}: the class is loaded from PATH by a plain class loader whose
 * parent is racex's own, so the user's classes see racex's annotations and JUnit's API, and
 * {@link RacexTests} then loads them once more, instrumented, exactly as the JUnit extension does.
 */
final class UserTests {
    /** One test method to run, with its annotation's settings. */
    record Test(Class<?> testClass, Method method, String[] instrument, long maxSchedules) {
        String name() {
            return testClass.getSimpleName() + "." + method.getName();
        }

        /** The argument that names this method alone: {@code com.example.SomeTest#method}. */
        String argument() {
            return testClass.getName() + "#" + method.getName();
        }

        JavaExplorer.Outcome explore(Options options, Supplier<Strategy> strategy, Schedule replay) {
            return RacexTests.explore(testClass, method, options, strategy, replay, instrument);
        }
    }

    private UserTests() {}

    /**
     * The tests {@code argument} names on {@code classpath} ({@link File#pathSeparator}-separated
     * directories and jars): every {@code @RacexTest} method of the class, or the one after {@code #}.
     *
     * @throws RacexException naming what is missing: a path, the class, or the method
     */
    static List<Test> find(String classpath, String argument) {
        int hash = argument.indexOf('#');
        String className = hash < 0 ? argument : argument.substring(0, hash);
        String methodName = hash < 0 ? null : argument.substring(hash + 1);
        if (className.isEmpty() || !className.matches("[\\p{L}_$][\\p{L}\\p{N}_$]*(\\.[\\p{L}_$][\\p{L}\\p{N}_$]*)*")) {
            throw new RacexException("'" + argument + "' is not a class name; with --classpath give com.example.SomeTest or com.example.SomeTest#method");
        }
        ClassLoader loader = new URLClassLoader("racex-user", urls(classpath), UserTests.class.getClassLoader());
        Class<?> c;
        try {
            c = Class.forName(className, false, loader);
        } catch (ClassNotFoundException e) {
            throw new RacexException("no class " + className + " on the class path " + classpath);
        } catch (LinkageError e) {
            throw new RacexException("cannot load " + className + ": " + e);
        }
        List<Method> all = RacexTests.testMethods(c);
        List<Method> chosen = new ArrayList<>();
        for (Method m : all) {
            if (methodName == null || m.getName().equals(methodName)) {
                chosen.add(m);
            }
        }
        if (chosen.isEmpty()) {
            String has = all.stream().map(Method::getName).collect(Collectors.joining(", "));
            throw new RacexException(methodName == null
                    ? className + " has no @RacexTest method (public or not, without parameters)"
                    : "no @RacexTest method " + methodName + " in " + className
                    + (has.isEmpty() ? " (it has none)" : " (it has " + has + ")"));
        }
        List<Test> tests = new ArrayList<>();
        for (Method m : chosen) {
            RacexTest a = m.getAnnotation(RacexTest.class);
            tests.add(new Test(c, m, a == null ? new String[0] : a.instrument(), a == null ? 100_000 : a.maxSchedules()));
        }
        return tests;
    }

    private static URL[] urls(String classpath) {
        List<URL> urls = new ArrayList<>();
        for (String part : classpath.split(File.pathSeparator)) {
            if (part.isEmpty()) {
                continue;
            }
            Path p = Path.of(part);
            if (!Files.exists(p)) {
                throw new RacexException("--classpath: no such directory or jar: " + part);
            }
            try {
                urls.add(p.toAbsolutePath().toUri().toURL());
            } catch (MalformedURLException e) {
                throw new RacexException("--classpath: cannot read " + part + ": " + e.getMessage());
            }
        }
        if (urls.isEmpty()) {
            throw new RacexException("--classpath is empty");
        }
        return urls.toArray(URL[]::new);
    }

    /** What to say of a result in which no thread made a shared step: a set-up problem, never a pass. */
    static String nothingShared(Test t) {
        return t.name() + ": " + ExplorationResult.NO_SHARED_STEP;
    }

    /**
     * The stack of what a failing thread threw, cut where racex's own frames begin (they are the
     * runner, not the user's code), with its causes.
     */
    static String stack(Throwable thrown) {
        StringBuilder b = new StringBuilder();
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            b.append(t == thrown ? "" : "Caused by: ").append(t).append('\n');
            for (StackTraceElement e : t.getStackTrace()) {
                String c = e.getClassName();
                if (c.startsWith("io.racex.") || c.startsWith("jdk.internal.reflect.") || c.startsWith("java.lang.reflect.")) {
                    break;
                }
                b.append("    at ").append(e).append('\n');
            }
        }
        return b.toString();
    }
}
