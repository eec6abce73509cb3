package io.racex.store.java;

import io.racex.store.Footprint;
import io.racex.store.StepKind;
import io.racex.store.java.Model.ThreadState;
import java.util.IdentityHashMap;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BooleanSupplier;

/**
 * {@code java.util.concurrent} synchronizers as steps: locks (plain, read and write modes),
 * conditions, semaphores and latches. Whether a thread may go on is decided by the model (the
 * lock's holders) or by the real object's state where that is all it takes (a semaphore's
 * permits, a latch's count: then the real call, made once the step runs, cannot block). Real
 * locks are taken and released along with the model, so {@code isLocked()} and the like agree.
 *
 * <p>Limits: a read lock or write lock is paired with its {@code ReentrantReadWriteLock} when
 * racex has seen that object (it was read from a field, or is reachable from the object under
 * test); one it never saw is modelled as a lock of its own. A condition made where racex did not
 * see it ({@code newCondition()} in a constructor) belongs to the lock its user holds when it
 * first awaits or signals it. No fairness and no writer preference is modelled: a waiting writer
 * does not hold back new readers.
 */
final class Juc {
    private final Model model;
    private final IdentityHashMap<Object, JucLock> locks = new IdentityHashMap<>();
    /** Read locks of read/write locks: the lock object to its shared state. */
    private final IdentityHashMap<Object, Boolean> readLocks = new IdentityHashMap<>();
    private final IdentityHashMap<Object, JucLock.Cond> conditions = new IdentityHashMap<>();

    Juc(Model model) {
        this.model = model;
    }

    void reset() {
        locks.clear();
        readLocks.clear();
        conditions.clear();
    }

    /** Called when the model first sees {@code o}: a read/write lock pairs its two locks. */
    void noticed(Object o) {
        if (o instanceof ReentrantReadWriteLock rw && !locks.containsKey(rw.writeLock())) {
            JucLock shared = new JucLock(model.ident(rw), model.threads.length);
            locks.put(rw.writeLock(), shared);
            locks.put(rw.readLock(), shared);
            readLocks.put(rw.readLock(), Boolean.TRUE);
        }
    }

    private JucLock lockOf(Lock l) {
        JucLock s = locks.get(l);
        if (s == null) {
            s = new JucLock(model.ident(l), model.threads.length);
            locks.put(l, s);
            if (l instanceof ReentrantReadWriteLock.ReadLock) {
                readLocks.put(l, Boolean.TRUE);
            }
        }
        return s;
    }

    private static String mode(Lock l) {
        if (l instanceof ReentrantReadWriteLock.ReadLock) {
            return " (read)";
        }
        if (l instanceof ReentrantReadWriteLock.WriteLock) {
            return " (write)";
        }
        return "";
    }

    // ---- locks ----

    void lock(ThreadState me, Lock l, boolean interruptibly, int site) throws InterruptedException {
        JucLock s = lockOf(l);
        int t = me.index;
        boolean read = readLocks.containsKey(l);
        if (read ? s.reads[t] > 0 || s.owner == t : s.owner == t) {
            hold(s, t, read); // re-entering: cannot block, conflicts with nothing
            l.tryLock();
            return;
        }
        BooleanSupplier free = read ? () -> s.canRead(t) : () -> s.canWrite(t);
        BooleanSupplier enabled = interruptibly ? () -> free.getAsBoolean() || me.interrupted : free;
        Footprint fp = interruptibly ? new Footprint(Set.of(me.interruptLoc), Set.of(s.loc)) : Footprint.write(s.loc);
        model.step(me, StepKind.LOCK, s.text + mode(l) + model.site(site), fp, null, enabled, enabled,
                new Model.WaitsForLock(null, s), () -> {
                    if (!free.getAsBoolean()) {
                        me.interrupted = false;
                        throw new InterruptedException();
                    }
                    hold(s, t, read);
                    l.tryLock();
                    return null;
                });
    }

    boolean tryLock(ThreadState me, Lock l, long nanos, int site) throws InterruptedException {
        JucLock s = lockOf(l);
        int t = me.index;
        boolean read = readLocks.containsKey(l);
        if (read ? s.reads[t] > 0 || s.owner == t : s.owner == t) {
            hold(s, t, read);
            l.tryLock();
            return true;
        }
        BooleanSupplier free = read ? () -> s.canRead(t) : () -> s.canWrite(t);
        // a timed try may wait for the lock and then take it: running the step later is that choice
        Object r = model.step(me, StepKind.LOCK, s.text + mode(l) + ".tryLock()" + model.site(site), Footprint.write(s.loc), null,
                null, null, null, () -> {
                    if (!free.getAsBoolean()) {
                        return false; // a failed try: Dpor does not count it as an acquisition
                    }
                    hold(s, t, read);
                    l.tryLock();
                    return true;
                });
        return (Boolean) r;
    }

    private static void hold(JucLock s, int t, boolean read) {
        if (read) {
            if (s.reads[t]++ == 0) {
                s.readers++;
            }
        } else {
            s.owner = t;
            s.holds++;
        }
    }

    void unlock(ThreadState me, Lock l, int site) {
        JucLock s = lockOf(l);
        int t = me.index;
        boolean read = readLocks.containsKey(l);
        if (read ? s.reads[t] == 0 : s.owner != t) {
            throw new IllegalMonitorStateException(s.text + mode(l) + " is not held by " + me.name);
        }
        if (read ? s.reads[t] > 1 : s.holds > 1) {
            release(s, t, read);
            realUnlock(l);
            return;
        }
        model.step(me, StepKind.UNLOCK, s.text + mode(l) + model.site(site), Footprint.write(s.loc), null, null, null, null, () -> {
            release(s, t, read);
            realUnlock(l);
            return null;
        });
    }

    private static void release(JucLock s, int t, boolean read) {
        if (read) {
            if (--s.reads[t] == 0) {
                s.readers--;
            }
        } else if (--s.holds == 0) {
            s.owner = -1;
        }
    }

    private static void realUnlock(Lock l) {
        try {
            l.unlock();
        } catch (IllegalMonitorStateException ignored) {
            // the real lock was not taken (another racex thread's object state): the model decides
        }
    }

    // ---- conditions ----

    Condition newCondition(ThreadState me, Lock l, int site) {
        Condition c = l.newCondition();
        conditions.put(c, new JucLock.Cond(lockOf(l), model.ident(c)));
        return c;
    }

    /** The condition's state; one racex did not see made belongs to the exclusive lock {@code me} holds. */
    private JucLock.Cond cond(ThreadState me, Condition c) {
        JucLock.Cond k = conditions.get(c);
        if (k == null) {
            JucLock held = null;
            for (JucLock s : locks.values()) {
                if (s.owner == me.index) {
                    held = s;
                }
            }
            if (held == null) {
                throw new IllegalMonitorStateException("await or signal without holding the condition's lock");
            }
            k = new JucLock.Cond(held, model.ident(c));
            conditions.put(c, k);
        }
        return k;
    }

    boolean await(ThreadState me, Condition c, long nanos, boolean interruptibly, int site) throws InterruptedException {
        JucLock.Cond k = cond(me, c);
        JucLock s = k.lock;
        int t = me.index;
        if (s.owner != t) {
            throw new IllegalMonitorStateException(s.text + " is not held by " + me.name);
        }
        Lock real = realLockOf(s);
        int holds = s.holds;
        String text = k.text + model.site(site);
        model.step(me, StepKind.WAIT, text, new Footprint(Set.of(me.interruptLoc), Set.of(s.loc, k.waitLoc)), null, null, null, null,
                () -> {
                    if (interruptibly && me.interrupted) {
                        me.interrupted = false;
                        throw new InterruptedException();
                    }
                    s.owner = -1;
                    s.holds = 0;
                    for (int i = 0; i < holds && real != null; i++) {
                        realUnlock(real);
                    }
                    me.notified = false;
                    k.waiters.add(me);
                    return null;
                });
        return model.wake(me, text, s.loc, k.waitLoc, nanos >= 0, interruptibly, () -> s.canWrite(t), () -> {
            k.waiters.remove(me);
            s.owner = t;
            s.holds = holds;
            for (int i = 0; i < holds && real != null; i++) {
                real.tryLock();
            }
        }, new Model.WaitsFor("await() on " + k.text));
    }

    /** The write or plain lock object of a modelled lock, to release and retake it for real. */
    private Lock realLockOf(JucLock s) {
        for (var e : locks.entrySet()) {
            if (e.getValue() == s && !readLocks.containsKey(e.getKey())) {
                return (Lock) e.getKey();
            }
        }
        return null;
    }

    void signal(ThreadState me, Condition c, boolean all, int site) {
        JucLock.Cond k = cond(me, c);
        if (k.lock.owner != me.index) {
            throw new IllegalMonitorStateException(k.lock.text + " is not held by " + me.name);
        }
        model.step(me, StepKind.NOTIFY, (all ? "all on " : "") + k.text + model.site(site), Footprint.write(k.waitLoc), null, null,
                null, null, () -> Model.notifyWaiters(k.waiters, all));
    }

    // ---- semaphores ----

    void acquire(ThreadState me, Semaphore sem, int permits, boolean interruptibly, int site) throws InterruptedException {
        Model.Ident id = model.ident(sem);
        BooleanSupplier enough = () -> sem.availablePermits() >= permits;
        BooleanSupplier enabled = interruptibly ? () -> enough.getAsBoolean() || me.interrupted : enough;
        Footprint fp = interruptibly ? new Footprint(Set.of(me.interruptLoc), Set.of(id.loc)) : Footprint.write(id.loc);
        model.step(me, StepKind.ACQUIRE, id.name() + permits(permits) + model.site(site), fp, null, enabled, enabled,
                new Model.WaitsFor("acquire " + id.name()), () -> {
                    if (!enough.getAsBoolean()) {
                        me.interrupted = false;
                        throw new InterruptedException();
                    }
                    if (!sem.tryAcquire(permits)) {
                        throw new IllegalStateException("racex: " + id.name() + " had the permits but refused them");
                    }
                    return null;
                });
    }

    boolean tryAcquire(ThreadState me, Semaphore sem, int permits, long nanos, int site) {
        Model.Ident id = model.ident(sem);
        return (Boolean) model.step(me, StepKind.ACQUIRE, id.name() + permits(permits) + ".try" + model.site(site),
                Footprint.write(id.loc), null, null, null, null, () -> sem.tryAcquire(permits));
    }

    void release(ThreadState me, Semaphore sem, int permits, int site) {
        Model.Ident id = model.ident(sem);
        model.step(me, StepKind.RELEASE, id.name() + permits(permits) + model.site(site), Footprint.write(id.loc), null, null, null,
                null, () -> {
                    sem.release(permits);
                    return null;
                });
    }

    private static String permits(int n) {
        return n == 1 ? "" : " (" + n + " permits)";
    }

    // ---- latches ----

    boolean await(ThreadState me, CountDownLatch latch, long nanos, int site) throws InterruptedException {
        Model.Ident id = model.ident(latch);
        boolean timed = nanos >= 0;
        BooleanSupplier open = () -> latch.getCount() == 0 || me.interrupted;
        Object r = model.step(me, StepKind.WAIT, id.name() + model.site(site), Footprint.read(id.loc), null, timed ? null : open,
                timed ? null : open, new Model.WaitsFor("await() on " + id.name()), () -> {
                    if (latch.getCount() == 0) {
                        return true;
                    }
                    if (me.interrupted) {
                        me.interrupted = false;
                        throw new InterruptedException();
                    }
                    return false; // timed out
                });
        return (Boolean) r;
    }

    void countDown(ThreadState me, CountDownLatch latch, int site) {
        Model.Ident id = model.ident(latch);
        model.step(me, StepKind.RELEASE, id.name() + ".countDown()" + model.site(site), Footprint.write(id.loc), null, null, null,
                null, () -> {
                    latch.countDown();
                    return latch.getCount();
                });
    }
}
