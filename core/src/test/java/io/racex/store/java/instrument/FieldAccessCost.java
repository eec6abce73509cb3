package io.racex.store.java.instrument;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Prints what instrumentation costs when nothing is explored (no interceptor): nanoseconds per
 * field access, array access and synchronized block, plain class vs instrumented copy, best of
 * several timed rounds after warm-up. A measurement to read, not a test: run with
 * {@code mvn -B -q -o -pl core test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.racex.store.java.instrument.FieldAccessCost}.
 */
public final class FieldAccessCost {
    private static final String LOOP = "io.racex.store.java.instrument.fixture.Loop";
    private static final int N = 20_000_000;

    public static void main(String[] args) throws Throwable {
        ClassLoader parent = FieldAccessCost.class.getClassLoader();
        InstrumentingClassLoader loader = new InstrumentingClassLoader(parent,
                InstrumentingClassLoader.Filter.of("io.racex.store.java.instrument.fixture"));
        Class<?> plain = parent.loadClass(LOOP);
        Class<?> instrumented = loader.loadClass(LOOP);
        System.out.printf("%-10s %12s %16s %8s%n", "access", "plain ns", "instrumented ns", "ratio");
        for (String[] kind : new String[][] {{"fields", "2"}, {"arrays", "2"}, {"monitors", "1"}}) {
            int perIteration = Integer.parseInt(kind[1]);
            double p = nanosPer(plain, kind[0], perIteration);
            double i = nanosPer(instrumented, kind[0], perIteration);
            System.out.printf("%-10s %12.3f %16.3f %8.1f%n", kind[0], p, i, i / p);
        }
    }

    private static double nanosPer(Class<?> c, String method, int accessesPerIteration) throws Throwable {
        Object loop = c.getConstructor().newInstance();
        MethodHandle m = MethodHandles.publicLookup().findStatic(c, method, MethodType.methodType(long.class, c, int.class));
        long sink = 0;
        for (int w = 0; w < 5; w++) {
            sink += (long) m.invoke(loop, N);
        }
        long best = Long.MAX_VALUE;
        for (int r = 0; r < 7; r++) {
            long t0 = System.nanoTime();
            sink += (long) m.invoke(loop, N);
            best = Math.min(best, System.nanoTime() - t0);
        }
        if (sink == 42) {
            System.out.print(""); // keeps the results alive
        }
        return (double) best / N / accessesPerIteration;
    }
}
