package io.racex.store.java;

import io.racex.Scenario;
import io.racex.TestScenarios;
import io.racex.ExplorationResult;
import io.racex.engine.Explorer;
import io.racex.Options;
import io.racex.Execution;
import io.racex.store.java.examples.Bank;
import io.racex.store.java.examples.BankRaces;
import io.racex.store.java.instrument.InstrumentingClassLoader;
import io.racex.strategy.Dpor;
import io.racex.strategy.ForwardingStrategy;
import io.racex.strategy.RandomWalk;
import io.racex.Strategy;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Prints executions/s and steps/s of the seed transfer on the in-memory store and as instrumented
 * Java (operations form: two threads calling {@code Bank.transfer}; test form: the
 * {@code @RacexTest} body of {@link BankRaces}, starting and joining its threads), and Fray's
 * workload ({@code JucRaces.lockedIncrements}: N threads each lock, increment, unlock). A figure, not a
 * test: run it with {@code java -cp <test classpath> io.racex.store.java.JavaStoreBench [seconds]}.
 */
public final class JavaStoreBench {
    private JavaStoreBench() {}

    public static void main(String[] args) throws Exception {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 3;
        InstrumentingClassLoader loader = InstrumentingClassLoader.forClass(Bank.class);
        Class<?> bank = loader.loadClass(Bank.class.getName());
        Constructor<?> make = bank.getConstructor(int.class, int.class, int.class);
        Method transfer = bank.getMethod("transfer", String.class, String.class, int.class);
        Scenario<JavaThread> operations = JavaStore.operations("transfer (Java operations)", "", () -> make.newInstance(100, 200, 150),
                loader::resetStatics, List.of(
                        List.of(new JavaStore.NamedCode("transfer(b->a,100)", t -> invoke(transfer, t, "b", "a", 100))),
                        List.of(new JavaStore.NamedCode("transfer(c->a,50)", t -> invoke(transfer, t, "c", "a", 50)))),
                0, new JavaStore.Slots());
        Class<?> races = loader.loadClass(BankRaces.class.getName());
        Constructor<?> test = races.getDeclaredConstructor();
        test.setAccessible(true);
        Method body = races.getDeclaredMethod("transfersKeepTheTotal");
        body.setAccessible(true);
        Scenario<JavaThread> threads = JavaStore.test("transfer (@RacexTest body)", "", test::newInstance, loader::resetStatics,
                new JavaStore.NamedCode("body", t -> invoke(body, t)), 2, new JavaStore.Slots(), s -> {});
        System.out.printf(Locale.ROOT, "Java %s, cores %d; best of 5 rounds of %.1f s per figure, each after as long a warm-up%n",
                System.getProperty("java.version"), java.lang.Runtime.getRuntime().availableProcessors(), seconds / 5);
        System.out.printf(Locale.ROOT, "  %-30s %14s %14s %10s %18s %16s%n", "scenario", "sustained ex/s", "steps/s", "steps/exec",
                "complete DPOR ex/s", "ex per CPU-s");
        Class<?> juc = loader.loadClass(io.racex.store.java.examples.JucRaces.class.getName());
        Method increments = juc.getDeclaredMethod("lockedIncrements", int.class);
        increments.setAccessible(true);
        List<Scenario<?>> fray = new java.util.ArrayList<>();
        for (int n : new int[] {2, 8}) {
            fray.add(JavaStore.test("lock; counter++; unlock x" + n, "", Object::new, loader::resetStatics,
                    new JavaStore.NamedCode("body", t -> invoke(increments, null, n)), n, new JavaStore.Slots(), s -> {}));
        }
        // the machine may be shared: rounds alternate between the scenarios, and each keeps its best round
        List<Scenario<?>> all = List.of(TestScenarios.transfer(), operations, threads, fray.get(0), fray.get(1));
        double[][] best = new double[all.size()][5];
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < all.size(); i++) {
                long cpu = cpu();
                long[] walk = sustained(all.get(i), seconds / 5);
                // the second half of the walk is measured; its CPU time is about half the total
                best[i][4] = Math.max(best[i][4], walk[0] * 2 * 1e9 / (cpu() - cpu));
                double dpor = repeated(all.get(i), seconds / 5);
                double rate = walk[0] * 1e9 / walk[2];
                if (rate > best[i][0]) {
                    best[i][0] = rate;
                    best[i][1] = walk[1] * 1e9 / walk[2];
                    best[i][2] = (double) walk[1] / walk[0];
                }
                best[i][3] = Math.max(best[i][3], dpor);
            }
        }
        for (int i = 0; i < all.size(); i++) {
            System.out.printf(Locale.ROOT, "  %-30s %,14.0f %,14.0f %10.1f %,18.0f %,16.0f%n", all.get(i).name(), best[i][0],
                    best[i][1], best[i][2], best[i][3], best[i][4]);
        }
    }

    /** CPU time of the whole process: all of racex's threads. */
    private static long cpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static Object invoke(Method m, Object target, Object... args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Executions, steps and nanoseconds of a random walk cut off after {@code seconds} (after as long a warm-up). */
    private static long[] sustained(Scenario<?> s, double seconds) {
        Options options = Options.defaults().withMinimize(false).withMaxSchedules(Long.MAX_VALUE);
        long[] out = null;
        for (int round = 0; round < 2; round++) {
            long[] steps = {0};
            long start = System.nanoTime();
            long end = start + (long) (seconds * 1e9);
            ExplorationResult r = new Explorer(options).explore(s, counting(new RandomWalk(Long.MAX_VALUE, 1), steps, end));
            out = new long[] {r.schedules(), steps[0], System.nanoTime() - start};
        }
        return out;
    }

    /** Executions/s of complete DPOR searches repeated for {@code seconds} (after as long a warm-up). */
    private static double repeated(Scenario<?> s, double seconds) {
        // a search too long to finish in the time (8 threads: 8! orders of the lock) is cut off
        Options options = Options.defaults().withMinimize(false).withMaxSchedules(20_000);
        double rate = 0;
        for (int round = 0; round < 2; round++) {
            long start = System.nanoTime();
            long executions = 0;
            while (System.nanoTime() - start < seconds * 1e9) {
                executions += new Explorer(options).explore(s, new Dpor()).schedules();
            }
            rate = executions * 1e9 / (System.nanoTime() - start);
        }
        return rate;
    }

    private static Strategy counting(Strategy inner, long[] steps, long end) {
        return new ForwardingStrategy(inner) {
            @Override
            public boolean beginExecution() {
                return System.nanoTime() < end && super.beginExecution();
            }

            @Override
            public void endExecution(Execution e) {
                steps[0] += e.steps().size();
                super.endExecution(e);
            }
        };
    }

    static Supplier<Strategy> dpor() {
        return Dpor::new;
    }
}
