package io.racex.history;

import io.racex.RacexException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Stress mode: calls the operations of anything (a real object, an HTTP client, a JDBC
 * repository) from several real threads at once, round after round, records each round's history
 * with {@link HistoryRecorder} and checks it against a {@link Model}. It is the counterpart of
 * racex's controlled exploration for code racex cannot instrument (native, remote, another
 * process): it proves nothing when it passes, but a violation it finds is real, and comes with the
 * history that shows it.
 *
 * <pre>{@code
 * StressResult r = Stress.of(() -> new BankAccount(100))        // a fresh subject each round
 *         .operation("withdraw", (acct, args) -> acct.withdraw(60), "acct", 60)
 *         .operation("balance", (acct, args) -> acct.balance(), "acct")
 *         .threads(2).operationsPerThread(2).rounds(20_000).timeLimit(Duration.ofSeconds(10))
 *         .check(Models.bank(Map.of("acct", 100L)));
 * r.assertLinearizable();   // AssertionError with the failing round's report
 * }</pre>
 *
 * <p>Each round: a new subject from the supplier, then every thread, released together by a
 * barrier, calls {@code operationsPerThread} operations chosen at random (seeded) and records them.
 * A call that throws is recorded as pending (its effect is unknown). The run stops at the first
 * round that is not linearizable, after {@code rounds} rounds, or at the time limit.
 *
 * @param <T> the subject's type
 */
public final class Stress<T> {
    /** Calls one operation on the subject; its return value is the operation's result. */
    @FunctionalInterface
    public interface Invocation<T> {
        Object invoke(T subject, List<Object> args) throws Exception;
    }

    private record Op<T>(String name, Function<SplittableRandom, List<Object>> args, Invocation<T> call) {}

    private final Supplier<T> subject;
    private final List<Op<T>> ops = new ArrayList<>();
    private int threads = 2;
    private int perThread = 2;
    private long rounds = 10_000;
    private Duration timeLimit = Duration.ofSeconds(10);
    private long seed = 1;

    private Stress(Supplier<T> subject) {
        this.subject = Objects.requireNonNull(subject, "subject");
    }

    /** Stresses the subjects {@code subject} makes, a fresh one per round (reset shared state there). */
    public static <T> Stress<T> of(Supplier<T> subject) {
        return new Stress<>(subject);
    }

    /** An operation with fixed arguments (as the model sees them; the invocation may ignore them). */
    public Stress<T> operation(String name, Invocation<T> call, Object... args) {
        List<Object> fixed = Values.normalizeAll(Arrays.asList(args));
        ops.add(new Op<>(name, r -> fixed, call));
        return this;
    }

    /** An operation whose arguments are drawn for each call from a seeded random source. */
    public Stress<T> operation(String name, Function<SplittableRandom, List<Object>> args, Invocation<T> call) {
        ops.add(new Op<>(name, args, call));
        return this;
    }

    /** Threads calling at once (default 2). */
    public Stress<T> threads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        threads = n;
        return this;
    }

    /** Operations each thread calls per round (default 2). */
    public Stress<T> operationsPerThread(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("operationsPerThread must be at least 1");
        }
        perThread = n;
        return this;
    }

    /** At most this many rounds (default 10,000). */
    public Stress<T> rounds(long n) {
        if (n < 1) {
            throw new IllegalArgumentException("rounds must be at least 1");
        }
        rounds = n;
        return this;
    }

    /**
     * Start no round after this long (default 10 s; the first round always runs); a round still
     * running 2 s after it is reported as stuck.
     */
    public Stress<T> timeLimit(Duration d) {
        timeLimit = Objects.requireNonNull(d, "timeLimit");
        return this;
    }

    /** Seed of the choice of operations and arguments (default 1). */
    public Stress<T> seed(long s) {
        seed = s;
        return this;
    }

    /** Runs the rounds and checks each against {@code model}. */
    public StressResult check(Model<?> model) {
        if (ops.isEmpty()) {
            throw new IllegalStateException("no operations: add some with operation(...)");
        }
        long start = System.nanoTime();
        long deadline = start + timeLimit.toNanos();
        CyclicBarrier barrier = new CyclicBarrier(threads + 1);
        Round<T> round = new Round<>();
        List<Thread> workers = new ArrayList<>(threads);
        for (int t = 0; t < threads; t++) {
            int index = t;
            Thread w = new Thread(() -> work(index, barrier, round), "racex-stress-" + (t + 1));
            w.setDaemon(true);
            workers.add(w);
            w.start();
        }
        long done = 0;
        long operations = 0;
        long exceptions = 0;
        try {
            while (done < rounds && (done == 0 || System.nanoTime() - deadline < 0)) {
                round.subject = subject.get();
                round.recorder = new HistoryRecorder("stress round " + (done + 1));
                round.number = done;
                round.exceptions = new long[threads];
                await(barrier, deadline, done); // go
                await(barrier, deadline, done); // all threads done
                done++;
                History h = round.recorder.history();
                operations += h.size();
                exceptions += Arrays.stream(round.exceptions).sum();
                CheckResult r = Linearizability.check(h, model, Linearizability.Options.defaults().withThreads(1));
                if (r.verdict() == Verdict.NOT_LINEARIZABLE) {
                    return new StressResult(Verdict.NOT_LINEARIZABLE, done, operations, exceptions, threads, perThread, Optional.of(r),
                            Duration.ofNanos(System.nanoTime() - start));
                }
            }
        } finally {
            // the threads wait at the barrier (or, after a stuck round, inside an operation): end them
            round.stop = true;
            for (Thread w : workers) {
                w.interrupt();
            }
        }
        return new StressResult(Verdict.LINEARIZABLE, done, operations, exceptions, threads, perThread, Optional.empty(),
                Duration.ofNanos(System.nanoTime() - start));
    }

    private static void await(CyclicBarrier barrier, long deadline, long round) {
        long wait = Math.max(deadline - System.nanoTime(), 0) + TimeUnit.SECONDS.toNanos(2);
        try {
            barrier.await(wait, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new RacexException("stress round " + (round + 1) + " did not finish in time: a thread is still inside an operation "
                    + "(blocked or deadlocked)");
        } catch (BrokenBarrierException e) {
            throw new IllegalStateException("a stress thread failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RacexException("interrupted in stress round " + (round + 1));
        }
    }

    /** What the coordinator hands the threads each round (published by the barrier). */
    private static final class Round<T> {
        T subject;
        HistoryRecorder recorder;
        long number;
        long[] exceptions;
        volatile boolean stop;
    }

    private void work(int index, CyclicBarrier barrier, Round<T> round) {
        String client = "t" + (index + 1);
        try {
            while (true) {
                barrier.await();
                if (round.stop) {
                    return;
                }
                SplittableRandom random = new SplittableRandom(seed * 1_000_003L + round.number * 1_009L + index);
                for (int i = 0; i < perThread; i++) {
                    Op<T> op = ops.get(random.nextInt(ops.size()));
                    List<Object> args = op.args().apply(random);
                    HistoryRecorder.Call c = round.recorder.call(client, op.name(), args.toArray());
                    try {
                        c.ok(op.call().invoke(round.subject, args));
                    } catch (InterruptedException e) {
                        c.info();
                        Thread.currentThread().interrupt();
                        return;
                    } catch (Exception e) {
                        c.info(); // its effect is unknown
                        round.exceptions[index]++;
                    }
                }
                barrier.await();
            }
        } catch (InterruptedException | BrokenBarrierException e) {
            // the run is over
        }
    }
}
