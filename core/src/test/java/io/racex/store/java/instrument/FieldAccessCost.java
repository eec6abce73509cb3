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
            Timed p = new Timed(plain, kind[0]);
            Timed i = new Timed(instrumented, kind[0]);
            for (int w = 0; w < 5; w++) {
                p.run();
                i.run();
            }
            long bestPlain = Long.MAX_VALUE;
            long bestInstrumented = Long.MAX_VALUE;
            // interleaved rounds, best of each: the machine is shared, the minimum is the least disturbed
            for (int r = 0; r < 15; r++) {
                bestPlain = Math.min(bestPlain, p.run());
                bestInstrumented = Math.min(bestInstrumented, i.run());
            }
            double pn = (double) bestPlain / N / perIteration;
            double in = (double) bestInstrumented / N / perIteration;
            System.out.printf("%-10s %12.3f %16.3f %8.1f%n", kind[0], pn, in, in / pn);
        }
    }

    /** One loop method of one copy of the class; {@link #run} returns the nanoseconds of one call. */
    private static final class Timed {
        private final Object loop;
        private final MethodHandle method;
        private long sink;

        Timed(Class<?> c, String name) throws ReflectiveOperationException {
            loop = c.getConstructor().newInstance();
            method = MethodHandles.publicLookup().findStatic(c, name, MethodType.methodType(long.class, c, int.class));
        }

        long run() throws Throwable {
            long t0 = System.nanoTime();
            sink += (long) method.invoke(loop, N);
            return System.nanoTime() - t0;
        }
    }
}
