package io.racex.store.java.instrument;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Prints what instrumentation costs when nothing is explored (no interceptor): nanoseconds per
 * field access, array access and synchronized block: plain class, instrumented copy, and
 * instrumented copy while an interceptor is installed for other threads (what code outside the
 * explored threads pays once racex has installed one); best of interleaved timed rounds after
 * warm-up. A measurement to read, not a test: after
 * {@code mvn -B -q -o -pl core test-compile}, run
 * {@code java -cp core/target/classes:core/target/test-classes:ASM
 * io.racex.store.java.instrument.FieldAccessCost} where ASM is the asm, asm-tree and asm-commons
 * jars of ~/.m2.
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
        System.out.printf("%-10s %10s %14s %18s%n", "access", "plain ns", "instrumented", "interceptor set");
        Recorder[] other = new Recorder[1];
        for (String[] kind : new String[][] {{"fields", "2"}, {"arrays", "2"}, {"monitors", "1"}}) {
            int perIteration = Integer.parseInt(kind[1]);
            Timed p = new Timed(plain, kind[0]);
            Timed i = new Timed(instrumented, kind[0]);
            long bestPlain = Long.MAX_VALUE;
            long bestInstrumented = Long.MAX_VALUE;
            long bestInstalled = Long.MAX_VALUE;
            // interleaved rounds, best of each: the machine is shared, the minimum is the least disturbed;
            // the third column has an interceptor installed that manages another thread, not this one
            for (int r = 0; r < 20; r++) {
                Hooks.interceptor = null;
                long tp = p.run();
                long ti = i.run();
                Thread t = new Thread(() -> other[0] = new Recorder());
                t.start();
                t.join();
                long tn = i.run();
                if (r >= 5) { // the first rounds warm up
                    bestPlain = Math.min(bestPlain, tp);
                    bestInstrumented = Math.min(bestInstrumented, ti);
                    bestInstalled = Math.min(bestInstalled, tn);
                }
            }
            Hooks.interceptor = null;
            double base = (double) N * perIteration;
            System.out.printf("%-10s %10.3f %14.3f %18.3f%n", kind[0], bestPlain / base, bestInstrumented / base,
                    bestInstalled / base);
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
