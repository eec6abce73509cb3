package io.racex.store.java;

import io.racex.store.java.Model.ThreadState;
import io.racex.store.java.instrument.Hooks;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * The one {@link Hooks.Interceptor} of the JVM: it finds the execution a hook belongs to from the
 * calling thread (each thread of an execution under exploration carries its {@link ThreadState}
 * while it runs the code under test) and hands the hook to that execution's {@link Model}. Any
 * other thread, including racex's own while it builds an initial state or runs the spec serially,
 * is not managed, and hooks there do the plain thing. Several explorations can run at once (tests
 * in parallel, parallel workers): each thread only ever talks to its own model.
 */
final class Interception implements Hooks.Interceptor {
    static final Interception INSTANCE = new Interception();
    private static final ThreadLocal<ThreadState> CURRENT = new ThreadLocal<>();

    private Interception() {}

    /** Makes instrumented code call racex (idempotent; nothing is managed until a thread enters an execution). */
    static void install() {
        if (Hooks.interceptor != INSTANCE) {
            Hooks.interceptor = INSTANCE;
        }
    }

    /** The calling thread runs code of thread {@code t} of an execution until {@link #leave()}. */
    static void enter(ThreadState t) {
        CURRENT.set(t);
    }

    static void leave() {
        CURRENT.remove();
    }

    /** The thread state of the calling thread, or null. */
    static ThreadState current() {
        return CURRENT.get();
    }

    @Override
    public boolean managed() {
        ThreadState t = CURRENT.get();
        return t != null && !t.suspended;
    }

    private static ThreadState me() {
        return CURRENT.get();
    }

    @Override
    public void readField(Object owner, int field, int site) {
        ThreadState me = me();
        me.model.readField(me, owner, field, site);
    }

    @Override
    public void writeField(Object owner, Object value, int field, int site) {
        ThreadState me = me();
        me.model.writeField(me, owner, value, field, site);
    }

    @Override
    public void readArray(Object array, int index, int site) {
        ThreadState me = me();
        me.model.readArray(me, array, index, site);
    }

    @Override
    public void writeArray(Object array, int index, Object value, int site) {
        ThreadState me = me();
        me.model.writeArray(me, array, index, value, site);
    }

    @Override
    public void value(Object value) {
        ThreadState me = me();
        me.model.value(me, value);
    }

    @Override
    public void monitorEnter(Object monitor, int site) {
        ThreadState me = me();
        me.model.monitorEnter(me, monitor, site);
    }

    @Override
    public void monitorExit(Object monitor, int site) {
        ThreadState me = me();
        me.model.monitorExit(me, monitor, site);
    }

    @Override
    public void waitOn(Object monitor, long millis, int site) throws InterruptedException {
        ThreadState me = me();
        me.model.waitOn(me, monitor, millis, site);
    }

    @Override
    public void notify(Object monitor, boolean all, int site) {
        ThreadState me = me();
        me.model.notify(me, monitor, all, site);
    }

    @Override
    public void threadStart(Thread thread, int site) {
        ThreadState me = me();
        me.model.threadStart(me, thread, site);
    }

    @Override
    public void threadJoin(Thread thread, long millis, int site) throws InterruptedException {
        ThreadState me = me();
        me.model.threadJoin(me, thread, millis, site);
    }

    @Override
    public void threadYield(int site) {
        ThreadState me = me();
        me.model.threadYield(me, site);
    }

    @Override
    public void threadSleep(long millis, int site) throws InterruptedException {
        ThreadState me = me();
        me.model.threadSleep(me, millis, site);
    }

    @Override
    public void threadInterrupt(Thread thread, int site) {
        ThreadState me = me();
        me.model.threadInterrupt(me, thread, site);
    }

    @Override
    public boolean threadIsInterrupted(Thread thread, boolean clear, int site) {
        ThreadState me = me();
        return me.model.threadIsInterrupted(me, thread, clear, site);
    }

    @Override
    public boolean threadIsAlive(Thread thread, int site) {
        ThreadState me = me();
        return me.model.threadIsAlive(me, thread, site);
    }

    @Override
    public Thread currentThread() {
        return me().user;
    }

    @Override
    public void park(Object blocker, long nanos, int site) {
        ThreadState me = me();
        me.model.park(me, nanos, site);
    }

    @Override
    public void unpark(Thread thread, int site) {
        ThreadState me = me();
        me.model.unpark(me, thread, site);
    }

    @Override
    public void lock(Lock lock, boolean interruptibly, int site) throws InterruptedException {
        ThreadState me = me();
        me.model.juc.lock(me, lock, interruptibly, site);
    }

    @Override
    public boolean tryLock(Lock lock, long nanos, int site) throws InterruptedException {
        ThreadState me = me();
        return me.model.juc.tryLock(me, lock, nanos, site);
    }

    @Override
    public void unlock(Lock lock, int site) {
        ThreadState me = me();
        me.model.juc.unlock(me, lock, site);
    }

    @Override
    public Condition newCondition(Lock lock, int site) {
        ThreadState me = me();
        return me.model.juc.newCondition(me, lock, site);
    }

    @Override
    public boolean await(Condition condition, long nanos, boolean interruptibly, int site) throws InterruptedException {
        ThreadState me = me();
        return me.model.juc.await(me, condition, nanos, interruptibly, site);
    }

    @Override
    public void signal(Condition condition, boolean all, int site) {
        ThreadState me = me();
        me.model.juc.signal(me, condition, all, site);
    }

    @Override
    public void acquire(Semaphore semaphore, int permits, boolean interruptibly, int site) throws InterruptedException {
        ThreadState me = me();
        me.model.juc.acquire(me, semaphore, permits, interruptibly, site);
    }

    @Override
    public boolean tryAcquire(Semaphore semaphore, int permits, long nanos, int site) throws InterruptedException {
        ThreadState me = me();
        return me.model.juc.tryAcquire(me, semaphore, permits, nanos, site);
    }

    @Override
    public void release(Semaphore semaphore, int permits, int site) {
        ThreadState me = me();
        me.model.juc.release(me, semaphore, permits, site);
    }

    @Override
    public boolean await(CountDownLatch latch, long nanos, int site) throws InterruptedException {
        ThreadState me = me();
        return me.model.juc.await(me, latch, nanos, site);
    }

    @Override
    public void countDown(CountDownLatch latch, int site) {
        ThreadState me = me();
        me.model.juc.countDown(me, latch, site);
    }

    @Override
    public void call(Object receiver, int method, Object[] args, int site) {
        ThreadState me = me();
        me.model.calls.call(me, receiver, method, args, site);
    }

    @Override
    public void returned(Object value) {
        ThreadState me = me();
        me.model.calls.returned(me, value);
    }
}
