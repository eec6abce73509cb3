package io.racex.history;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Records a history from real threads: each call and return with {@link System#nanoTime()}, the
 * call's time taken just before the operation starts and the return's just after it ends, so real
 * time is never overstated. Threads record into buffers of their own (no lock, no shared counter
 * between them, to disturb the interleavings under test as little as possible).
 *
 * <pre>{@code
 * HistoryRecorder rec = new HistoryRecorder();
 * // in each thread:
 * HistoryRecorder.Call c = rec.call("t1", "withdraw", "acct", 60);
 * boolean ok = account.withdraw(60);
 * c.ok(ok);
 * // when the threads are done (joined):
 * CheckResult r = Linearizability.check(rec.history(), Models.bank(Map.of("acct", 100L)));
 * rec.writeJsonLines(Path.of("run.jsonl"));   // racex check-history run.jsonl --model bank --init '{"acct":100}'
 * }</pre>
 */
public final class HistoryRecorder {
    private final long origin = System.nanoTime();
    private final String source;
    private final ConcurrentLinkedQueue<Buffer> buffers = new ConcurrentLinkedQueue<>();
    private final ThreadLocal<Buffer> local = ThreadLocal.withInitial(this::register);

    private static final class Buffer {
        final List<Call> calls = new ArrayList<>();
    }

    /** An operation in progress; complete it once, from the thread that called it. */
    public static final class Call {
        private final String client;
        private final String name;
        private final Object[] args;
        private final long call;
        private long ret = -1;
        private Object result;
        private boolean failed;

        private Call(String client, String name, Object[] args, long call) {
            this.client = client;
            this.name = name;
            this.args = args;
            this.call = call;
        }

        /** It returned {@code result} ({@code null} for nothing). */
        public void ok(Object result) {
            ret = System.nanoTime();
            this.result = result;
        }

        /** It returned nothing worth checking. */
        public void ok() {
            ok(null);
        }

        /** It failed for certain without taking effect; it is left out of the history. */
        public void fail() {
            ret = System.nanoTime();
            failed = true;
        }

        /** Its outcome is unknown (a timeout, an exception midway): it stays pending, so it may have taken effect or not. */
        public void info() {
            ret = -1;
        }
    }

    /** A recorder; its histories are named {@code recorded}. */
    public HistoryRecorder() {
        this("recorded");
    }

    /** A recorder whose histories are named {@code source} in reports. */
    public HistoryRecorder(String source) {
        this.source = source;
    }

    private Buffer register() {
        Buffer b = new Buffer();
        buffers.add(b);
        return b;
    }

    /** Records that {@code client} calls {@code op(args)} now. */
    public Call call(String client, String op, Object... args) {
        Call c = new Call(client, op, args.clone(), System.nanoTime());
        local.get().calls.add(c);
        return c;
    }

    /** Records that the current thread, by its name, calls {@code op(args)} now. */
    public Call call(String op, Object... args) {
        return call(Thread.currentThread().getName(), op, args);
    }

    /**
     * The history recorded so far, times in nanoseconds since the recorder was made. Call it when
     * the recording threads are done (joined, or past a barrier): a call not completed by then is
     * pending.
     */
    public History history() {
        List<Call> all = new ArrayList<>();
        for (Buffer b : buffers) {
            all.addAll(b.calls);
        }
        all.sort(Comparator.comparingLong(c -> c.call));
        List<Operation> ops = new ArrayList<>(all.size());
        int failed = 0;
        for (Call c : all) {
            if (c.failed) {
                failed++;
                continue;
            }
            boolean pending = c.ret < 0;
            ops.add(new Operation(ops.size(), c.client, c.name, Arrays.asList(c.args), pending ? null : c.result, c.call - origin,
                    pending ? Operation.PENDING : c.ret - origin, 0, 0));
        }
        return new History(source, "recorded", ops, failed);
    }

    /** Writes {@link #history()} as JSON Lines, for {@code racex check-history}. */
    public void writeJsonLines(Path file) {
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            HistoryWriter.write(history(), w);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }
}
