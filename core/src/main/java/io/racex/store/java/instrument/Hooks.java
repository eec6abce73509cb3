package io.racex.store.java.instrument;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.LockSupport;

/**
 * The calls that instrumented code makes instead of (or around) its shared accesses. The
 * {@link Transformer} rewrites the user's bytecode so that every field and array access,
 * monitor, {@code wait/notify}, {@code Thread} call, {@code LockSupport} call, lock, semaphore,
 * latch and call on a JDK concurrent or plain collection / atomic passes through one of these
 * static methods. Ids ({@code field}, {@code site}, {@code method}) come from {@link Sites},
 * registered when the class was transformed, so a hook costs no string work.
 *
 * <p>When no exploration runs on the calling thread ({@link #interceptor} is {@code null} or
 * {@link Interceptor#managed()} is false) every hook does exactly what the original code did, so
 * instrumented classes also run normally (static initializers, the sequential spec run, code
 * called outside racex).
 *
 * <p>Protocol, per instruction: reads call {@code read*} <em>before</em> the real read (so the
 * explorer can stop the thread before it) and {@link #value} after it with what was read; writes
 * call {@code write*} before the real write with the value about to be stored; monitors, waits,
 * thread and lock calls are <em>replaced</em> by the hook (which performs the real call only when
 * unmanaged); other JDK calls get {@link #call} before and {@link #returned} after (non-void only).
 */
public final class Hooks {
    private Hooks() {}

    /** Installed by the Java store; null when nothing instrumented is explored in this JVM. */
    public static volatile Interceptor interceptor;

    /** What the Java store implements; each method mirrors the static hook of the same name. */
    public interface Interceptor {
        /** Whether the calling thread is a thread of an execution under exploration. */
        boolean managed();

        void readField(Object owner, int field, int site);
        void writeField(Object owner, Object value, int field, int site);
        void readArray(Object array, int index, int site);
        void writeArray(Object array, int index, Object value, int site);
        void value(Object value);

        void monitorEnter(Object monitor, int site);
        void monitorExit(Object monitor, int site);
        void waitOn(Object monitor, long millis, int site) throws InterruptedException;
        void notify(Object monitor, boolean all, int site);

        void threadStart(Thread thread, int site);
        void threadJoin(Thread thread, long millis, int site) throws InterruptedException;
        void threadYield(int site);
        void threadSleep(long millis, int site) throws InterruptedException;
        void threadInterrupt(Thread thread, int site);
        boolean threadIsInterrupted(Thread thread, boolean clear, int site);
        boolean threadIsAlive(Thread thread, int site);
        Thread currentThread();

        void park(Object blocker, long nanos, int site);
        void unpark(Thread thread, int site);

        void lock(Lock lock, boolean interruptibly, int site) throws InterruptedException;
        boolean tryLock(Lock lock, long nanos, int site) throws InterruptedException;
        void unlock(Lock lock, int site);
        Condition newCondition(Lock lock, int site);
        /** {@code nanos < 0}: wait without a time-out. Returns whether it was signalled (not timed out). */
        boolean await(Condition condition, long nanos, boolean interruptibly, int site) throws InterruptedException;
        void signal(Condition condition, boolean all, int site);

        void acquire(Semaphore semaphore, int permits, boolean interruptibly, int site) throws InterruptedException;
        boolean tryAcquire(Semaphore semaphore, int permits, long nanos, int site) throws InterruptedException;
        void release(Semaphore semaphore, int permits, int site);

        /** {@code nanos < 0}: wait without a time-out. Returns whether the count reached zero. */
        boolean await(CountDownLatch latch, long nanos, int site) throws InterruptedException;
        void countDown(CountDownLatch latch, int site);

        void call(Object receiver, int method, Object[] args, int site);
        void returned(Object value);
    }

    private static Interceptor active() {
        Interceptor i = interceptor;
        return i != null && i.managed() && INITIALIZING.get()[0] == 0 ? i : null;
    }

    // ---- fields and arrays: announce, then the real instruction runs ----

    /** Before GETFIELD ({@code owner} the object) or GETSTATIC ({@code owner} null). */
    public static void readField(Object owner, int field, int site) {
        Interceptor i = active();
        if (i != null) {
            i.readField(owner, field, site);
        }
    }

    /** Before PUTFIELD / PUTSTATIC, with the value about to be stored (boxed). */
    public static void writeField(Object owner, Object value, int field, int site) {
        Interceptor i = active();
        if (i != null) {
            i.writeField(owner, value, field, site);
        }
    }

    /** Before an array load (xALOAD). */
    public static void readArray(Object array, int index, int site) {
        Interceptor i = active();
        if (i != null) {
            i.readArray(array, index, site);
        }
    }

    /** Before an array store (xASTORE), with the value about to be stored (boxed). */
    public static void writeArray(Object array, int index, Object value, int site) {
        Interceptor i = active();
        if (i != null) {
            i.writeArray(array, index, value, site);
        }
    }

    /** After a field or array read, with the value read (boxed): recorded as the step's value. */
    public static void value(Object value) {
        Interceptor i = active();
        if (i != null) {
            i.value(value);
        }
    }

    // ---- monitors: replaced; the boolean says whether the caller must run the real instruction ----

    /** Replaces MONITORENTER (and the entry of a synchronized method); true: run the real MONITORENTER. */
    public static boolean monitorEnter(Object monitor, int site) {
        Interceptor i = active();
        if (i == null) {
            return true;
        }
        i.monitorEnter(monitor, site);
        return false;
    }

    /** Replaces MONITOREXIT (and every exit of a synchronized method); true: run the real MONITOREXIT. */
    public static boolean monitorExit(Object monitor, int site) {
        Interceptor i = active();
        if (i == null) {
            return true;
        }
        i.monitorExit(monitor, site);
        return false;
    }

    /** Replaces {@code monitor.wait()}. */
    public static void waitOn(Object monitor, int site) throws InterruptedException {
        waitOn(monitor, 0L, site);
    }

    /** Replaces {@code monitor.wait(millis)}. */
    public static void waitOn(Object monitor, long millis, int site) throws InterruptedException {
        Interceptor i = active();
        if (i == null) {
            monitor.wait(millis);
        } else {
            i.waitOn(monitor, millis, site);
        }
    }

    /** Replaces {@code monitor.wait(millis, nanos)}. */
    public static void waitOn(Object monitor, long millis, int nanos, int site) throws InterruptedException {
        Interceptor i = active();
        if (i == null) {
            monitor.wait(millis, nanos);
        } else {
            i.waitOn(monitor, millis + (nanos > 0 ? 1 : 0), site);
        }
    }

    /** Replaces {@code monitor.notify()}. */
    public static void notify(Object monitor, int site) {
        Interceptor i = active();
        if (i == null) {
            monitor.notify();
        } else {
            i.notify(monitor, false, site);
        }
    }

    /** Replaces {@code monitor.notifyAll()}. */
    public static void notifyAll(Object monitor, int site) {
        Interceptor i = active();
        if (i == null) {
            monitor.notifyAll();
        } else {
            i.notify(monitor, true, site);
        }
    }

    // ---- threads ----

    /** Replaces {@code thread.start()}: under exploration the thread becomes an explored thread. */
    public static void threadStart(Thread thread, int site) {
        Interceptor i = active();
        if (i == null) {
            thread.start();
        } else {
            i.threadStart(thread, site);
        }
    }

    /** Replaces {@code thread.join()}. */
    public static void threadJoin(Thread thread, int site) throws InterruptedException {
        threadJoin(thread, 0L, site);
    }

    /** Replaces {@code thread.join(millis)}. */
    public static void threadJoin(Thread thread, long millis, int site) throws InterruptedException {
        Interceptor i = active();
        if (i == null) {
            thread.join(millis);
        } else {
            i.threadJoin(thread, millis, site);
        }
    }

    /** Replaces {@code Thread.yield()}. */
    public static void threadYield(int site) {
        Interceptor i = active();
        if (i == null) {
            Thread.yield();
        } else {
            i.threadYield(site);
        }
    }

    /** Replaces {@code Thread.sleep(millis)}. */
    public static void threadSleep(long millis, int site) throws InterruptedException {
        Interceptor i = active();
        if (i == null) {
            Thread.sleep(millis);
        } else {
            i.threadSleep(millis, site);
        }
    }

    /** Replaces {@code Thread.sleep(millis, nanos)}. */
    public static void threadSleep(long millis, int nanos, int site) throws InterruptedException {
        Interceptor i = active();
        if (i == null) {
            Thread.sleep(millis, nanos);
        } else {
            i.threadSleep(millis, site);
        }
    }

    /** Replaces {@code thread.interrupt()}. */
    public static void threadInterrupt(Thread thread, int site) {
        Interceptor i = active();
        if (i == null) {
            thread.interrupt();
        } else {
            i.threadInterrupt(thread, site);
        }
    }

    /** Replaces {@code thread.isInterrupted()}. */
    public static boolean threadIsInterrupted(Thread thread, int site) {
        Interceptor i = active();
        return i == null ? thread.isInterrupted() : i.threadIsInterrupted(thread, false, site);
    }

    /** Replaces {@code Thread.interrupted()}. */
    public static boolean threadInterrupted(int site) {
        Interceptor i = active();
        return i == null ? Thread.interrupted() : i.threadIsInterrupted(i.currentThread(), true, site);
    }

    /** Replaces {@code thread.isAlive()}. */
    public static boolean threadIsAlive(Thread thread, int site) {
        Interceptor i = active();
        return i == null ? thread.isAlive() : i.threadIsAlive(thread, site);
    }

    /** Replaces {@code Thread.currentThread()}: the user's {@code Thread} object of an explored thread. */
    public static Thread currentThread() {
        Interceptor i = active();
        return i == null ? Thread.currentThread() : i.currentThread();
    }

    // ---- LockSupport ----

    /** Replaces {@code LockSupport.park()}. */
    public static void park(int site) {
        park(null, -1L, site);
    }

    /** Replaces {@code LockSupport.park(blocker)}. */
    public static void park(Object blocker, int site) {
        park(blocker, -1L, site);
    }

    /** Replaces {@code LockSupport.parkNanos(nanos)}. */
    public static void parkNanos(long nanos, int site) {
        park(null, nanos, site);
    }

    /** Replaces {@code LockSupport.parkNanos(blocker, nanos)}. */
    public static void parkNanos(Object blocker, long nanos, int site) {
        park(blocker, nanos, site);
    }

    /** {@code nanos < 0}: park without a time-out. */
    private static void park(Object blocker, long nanos, int site) {
        Interceptor i = active();
        if (i != null) {
            i.park(blocker, nanos, site);
        } else if (nanos < 0) {
            LockSupport.park(blocker);
        } else {
            LockSupport.parkNanos(blocker, nanos);
        }
    }

    /** Replaces {@code LockSupport.unpark(thread)}. */
    public static void unpark(Thread thread, int site) {
        Interceptor i = active();
        if (i == null) {
            LockSupport.unpark(thread);
        } else {
            i.unpark(thread, site);
        }
    }

    // ---- java.util.concurrent.locks (Lock, ReentrantLock, read/write locks, Condition) ----

    /** Replaces {@code lock.lock()}. */
    public static void lock(Lock lock, int site) {
        Interceptor i = active();
        if (i == null) {
            lock.lock();
        } else {
            try {
                i.lock(lock, false, site);
            } catch (InterruptedException e) {
                throw new IllegalStateException("lock() cannot be interrupted", e);
            }
        }
    }

    /** Replaces {@code lock.lockInterruptibly()}. */
    public static void lockInterruptibly(Lock lock, int site) throws InterruptedException {
        Interceptor i = active();
        if (i == null) {
            lock.lockInterruptibly();
        } else {
            i.lock(lock, true, site);
        }
    }

    /** Replaces {@code lock.tryLock()}. */
    public static boolean tryLock(Lock lock, int site) {
        Interceptor i = active();
        if (i == null) {
            return lock.tryLock();
        }
        try {
            return i.tryLock(lock, 0L, site);
        } catch (InterruptedException e) {
            throw new IllegalStateException("tryLock() cannot be interrupted", e);
        }
    }

    /** Replaces {@code lock.tryLock(time, unit)}. */
    public static boolean tryLock(Lock lock, long time, TimeUnit unit, int site) throws InterruptedException {
        Interceptor i = active();
        return i == null ? lock.tryLock(time, unit) : i.tryLock(lock, unit.toNanos(time), site);
    }

    /** Replaces {@code lock.unlock()}. */
    public static void unlock(Lock lock, int site) {
        Interceptor i = active();
        if (i == null) {
            lock.unlock();
        } else {
            i.unlock(lock, site);
        }
    }

    /** Replaces {@code lock.newCondition()}. */
    public static Condition newCondition(Lock lock, int site) {
        Interceptor i = active();
        return i == null ? lock.newCondition() : i.newCondition(lock, site);
    }

    /** Replaces {@code condition.await()}. */
    public static void await(Condition condition, int site) throws InterruptedException {
        Interceptor i = active();
        if (i == null) {
            condition.await();
        } else {
            i.await(condition, -1L, true, site);
        }
    }

    /** Replaces {@code condition.awaitUninterruptibly()}. */
    public static void awaitUninterruptibly(Condition condition, int site) {
        Interceptor i = active();
        if (i == null) {
            condition.awaitUninterruptibly();
        } else {
            try {
                i.await(condition, -1L, false, site);
            } catch (InterruptedException e) {
                throw new IllegalStateException("awaitUninterruptibly() cannot be interrupted", e);
            }
        }
    }

    /** Replaces {@code condition.await(time, unit)}. */
    public static boolean await(Condition condition, long time, TimeUnit unit, int site) throws InterruptedException {
        Interceptor i = active();
        return i == null ? condition.await(time, unit) : i.await(condition, unit.toNanos(time), true, site);
    }

    /** Replaces {@code condition.awaitNanos(nanos)}; under exploration returns 0 on a time-out, else {@code nanos}. */
    public static long awaitNanos(Condition condition, long nanos, int site) throws InterruptedException {
        Interceptor i = active();
        if (i == null) {
            return condition.awaitNanos(nanos);
        }
        return i.await(condition, nanos, true, site) ? Math.max(nanos, 1) : 0L;
    }

    /** Replaces {@code condition.signal()}. */
    public static void signal(Condition condition, int site) {
        Interceptor i = active();
        if (i == null) {
            condition.signal();
        } else {
            i.signal(condition, false, site);
        }
    }

    /** Replaces {@code condition.signalAll()}. */
    public static void signalAll(Condition condition, int site) {
        Interceptor i = active();
        if (i == null) {
            condition.signalAll();
        } else {
            i.signal(condition, true, site);
        }
    }

    // ---- Semaphore ----

    /** Replaces {@code semaphore.acquire()}. */
    public static void acquire(Semaphore semaphore, int site) throws InterruptedException {
        acquire(semaphore, 1, site);
    }

    /** Replaces {@code semaphore.acquire(permits)}. */
    public static void acquire(Semaphore semaphore, int permits, int site) throws InterruptedException {
        Interceptor i = active();
        if (i == null) {
            semaphore.acquire(permits);
        } else {
            i.acquire(semaphore, permits, true, site);
        }
    }

    /** Replaces {@code semaphore.acquireUninterruptibly()}. */
    public static void acquireUninterruptibly(Semaphore semaphore, int site) {
        acquireUninterruptibly(semaphore, 1, site);
    }

    /** Replaces {@code semaphore.acquireUninterruptibly(permits)}. */
    public static void acquireUninterruptibly(Semaphore semaphore, int permits, int site) {
        Interceptor i = active();
        if (i == null) {
            semaphore.acquireUninterruptibly(permits);
        } else {
            try {
                i.acquire(semaphore, permits, false, site);
            } catch (InterruptedException e) {
                throw new IllegalStateException("acquireUninterruptibly() cannot be interrupted", e);
            }
        }
    }

    /** Replaces {@code semaphore.tryAcquire()}. */
    public static boolean tryAcquire(Semaphore semaphore, int site) {
        return tryAcquire(semaphore, 1, site);
    }

    /** Replaces {@code semaphore.tryAcquire(permits)}. */
    public static boolean tryAcquire(Semaphore semaphore, int permits, int site) {
        Interceptor i = active();
        if (i == null) {
            return semaphore.tryAcquire(permits);
        }
        try {
            return i.tryAcquire(semaphore, permits, 0L, site);
        } catch (InterruptedException e) {
            throw new IllegalStateException("tryAcquire() cannot be interrupted", e);
        }
    }

    /** Replaces {@code semaphore.tryAcquire(time, unit)}. */
    public static boolean tryAcquire(Semaphore semaphore, long time, TimeUnit unit, int site) throws InterruptedException {
        return tryAcquire(semaphore, 1, time, unit, site);
    }

    /** Replaces {@code semaphore.tryAcquire(permits, time, unit)}. */
    public static boolean tryAcquire(Semaphore semaphore, int permits, long time, TimeUnit unit, int site)
            throws InterruptedException {
        Interceptor i = active();
        return i == null ? semaphore.tryAcquire(permits, time, unit) : i.tryAcquire(semaphore, permits, unit.toNanos(time), site);
    }

    /** Replaces {@code semaphore.release()}. */
    public static void release(Semaphore semaphore, int site) {
        release(semaphore, 1, site);
    }

    /** Replaces {@code semaphore.release(permits)}. */
    public static void release(Semaphore semaphore, int permits, int site) {
        Interceptor i = active();
        if (i == null) {
            semaphore.release(permits);
        } else {
            i.release(semaphore, permits, site);
        }
    }

    // ---- CountDownLatch ----

    /** Replaces {@code latch.await()}. */
    public static void await(CountDownLatch latch, int site) throws InterruptedException {
        Interceptor i = active();
        if (i == null) {
            latch.await();
        } else {
            i.await(latch, -1L, site);
        }
    }

    /** Replaces {@code latch.await(time, unit)}. */
    public static boolean await(CountDownLatch latch, long time, TimeUnit unit, int site) throws InterruptedException {
        Interceptor i = active();
        return i == null ? latch.await(time, unit) : i.await(latch, unit.toNanos(time), site);
    }

    /** Replaces {@code latch.countDown()}. */
    public static void countDown(CountDownLatch latch, int site) {
        Interceptor i = active();
        if (i == null) {
            latch.countDown();
        } else {
            i.countDown(latch, site);
        }
    }

    // ---- other JDK calls: atomics, concurrent and plain collections, VarHandles, field updaters ----

    /**
     * Before a call of JDK method {@code method} ({@link Sites#method}) on {@code receiver}
     * ({@code null} for a static method) with {@code args} (boxed); the real call runs after it.
     */
    public static void call(Object receiver, int method, Object[] args, int site) {
        Interceptor i = active();
        if (i != null) {
            i.call(receiver, method, args, site);
        }
    }

    /** After a non-void call announced by {@link #call}, with what it returned (boxed). */
    public static void returned(Object value) {
        Interceptor i = active();
        if (i != null) {
            i.returned(value);
        }
    }

    // ---- added by the transformer's side (the calls above are unchanged) ----

    /** Per-thread objects that explored threads really lock instead of the monitors the model owns. */
    private static final ThreadLocal<Object> STAND_IN = ThreadLocal.withInitial(Object::new);

    /**
     * Replaces MONITORENTER where the transformer can keep real locking balanced (javac's
     * {@code synchronized} blocks, and {@code synchronized} methods): announces the enter like
     * {@link #monitorEnter} and returns the object the caller then really locks, and later really
     * unlocks after calling {@link #monitorExit} (whose result it ignores): {@code monitor} itself
     * when unmanaged; under exploration a stand-in private to the calling thread, never contended,
     * since the model decides who owns {@code monitor}. Unlike a conditional MONITORENTER, every
     * path locks and unlocks the same object, so the JIT still compiles the method (HotSpot
     * refuses methods with unbalanced monitors), and a thread that changes between managed and
     * unmanaged inside the block still unlocks what it locked.
     */
    public static Object monitorEnterTarget(Object monitor, int site) {
        Interceptor i = active();
        if (i == null) {
            return monitor; // null: the real MONITORENTER throws, as in the original
        }
        if (monitor == null) {
            throw new NullPointerException("Cannot enter synchronized block because the monitor is null");
        }
        i.monitorEnter(monitor, site);
        return STAND_IN.get();
    }

    /** Replaces {@code thread.join(millis, nanos)}. */
    public static void threadJoin(Thread thread, long millis, int nanos, int site) throws InterruptedException {
        Interceptor i = active();
        if (i == null) {
            thread.join(millis, nanos);
        } else {
            i.threadJoin(thread, millis + (nanos > 0 ? 1 : 0), site);
        }
    }

    /**
     * Whether hooks of the calling thread reach the interceptor now. Instrumented code tests this
     * once per access and otherwise runs the original instruction alone, so code nobody explores
     * pays neither the boxing of values nor the hook calls (nor a second {@code managed()} call).
     */
    public static boolean managed() {
        return active() != null;
    }

    /** Per thread: how many static initializers of instrumented classes are running (nested ones count). */
    private static final ThreadLocal<int[]> INITIALIZING = ThreadLocal.withInitial(() -> new int[1]);

    /**
     * Called first thing in the static initializer of each instrumented class: until the matching
     * {@link #initializerEnd}, every hook of this thread runs unmanaged. The JVM holds the class's
     * initialization lock meanwhile, so a thread stopped at a step in there would block, for
     * real, every other thread that touches the class (Lincheck ignores class initialization too).
     */
    public static void initializerStart() {
        INITIALIZING.get()[0]++;
    }

    /** Called when a static initializer started with {@link #initializerStart} returns or throws. */
    public static void initializerEnd() {
        INITIALIZING.get()[0]--;
    }
}
