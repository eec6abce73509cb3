package io.racex.store.java.instrument;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * A {@link Hooks.Interceptor} that records every hook of the thread that created it, as one line
 * each, and otherwise lets the program run: started threads really start (unmanaged, so their
 * hooks are not recorded), joins really join, monitors and locks are only recorded (one recorded
 * thread cannot contend), waits and awaits return at once (a spurious wake-up, which the JDK allows).
 */
class Recorder implements Hooks.Interceptor, AutoCloseable {
    private final Thread owner = Thread.currentThread();
    private final List<String> events = new ArrayList<>();
    private final List<Sites.Site> sites = new ArrayList<>();

    Recorder() {
        Hooks.interceptor = this;
    }

    @Override
    public void close() {
        Hooks.interceptor = null;
    }

    List<String> events() {
        return List.copyOf(events);
    }

    /** The site of every hook that has one, in order. */
    List<Sites.Site> sites() {
        return List.copyOf(sites);
    }

    void clear() {
        events.clear();
        sites.clear();
    }

    private void add(String event, int site) {
        events.add(event);
        sites.add(Sites.site(site));
    }

    static String describe(Object o) {
        if (o == null) {
            return "null";
        }
        if (o instanceof java.lang.invoke.VarHandle) {
            return "VarHandle"; // its class is JDK-internal and differs between versions
        }
        if (o.getClass().isHidden()) {
            return "lambda";
        }
        if (o instanceof Class<?> c) {
            return "class " + c.getSimpleName();
        }
        if (o instanceof Number && o.getClass().getPackageName().equals("java.lang")
                || o instanceof Boolean || o instanceof Character || o instanceof String) {
            return o.getClass().getSimpleName() + ":" + o;
        }
        return o.getClass().getSimpleName();
    }

    private static String field(Object owner, int field) {
        return (owner == null ? "static " : "") + Sites.field(field);
    }

    @Override
    public boolean managed() {
        return Thread.currentThread() == owner;
    }

    @Override
    public void readField(Object owner, int field, int site) {
        add("read " + field(owner, field), site);
    }

    @Override
    public void writeField(Object owner, Object value, int field, int site) {
        add("write " + field(owner, field) + " = " + describe(value), site);
    }

    @Override
    public void readArray(Object array, int index, int site) {
        add("read " + describe(array) + " [" + index + "]", site);
    }

    @Override
    public void writeArray(Object array, int index, Object value, int site) {
        add("write " + describe(array) + " [" + index + "] = " + describe(value), site);
    }

    @Override
    public void value(Object value) {
        events.add("= " + describe(value));
    }

    @Override
    public void monitorEnter(Object monitor, int site) {
        add("enter " + describe(monitor), site);
    }

    @Override
    public void monitorExit(Object monitor, int site) {
        add("exit " + describe(monitor), site);
    }

    @Override
    public void waitOn(Object monitor, long millis, int site) {
        add("wait " + describe(monitor) + " " + millis, site);
    }

    @Override
    public void notify(Object monitor, boolean all, int site) {
        add((all ? "notifyAll " : "notify ") + describe(monitor), site);
    }

    @Override
    public void threadStart(Thread thread, int site) {
        add("start " + describe(thread), site);
        thread.start();
    }

    @Override
    public void threadJoin(Thread thread, long millis, int site) throws InterruptedException {
        add("join " + describe(thread) + " " + millis, site);
        thread.join(millis);
    }

    @Override
    public void threadYield(int site) {
        add("yield", site);
    }

    @Override
    public void threadSleep(long millis, int site) {
        add("sleep " + millis, site);
    }

    @Override
    public void threadInterrupt(Thread thread, int site) {
        add("interrupt " + describe(thread), site);
        thread.interrupt();
    }

    @Override
    public boolean threadIsInterrupted(Thread thread, boolean clear, int site) {
        add((clear ? "interrupted " : "isInterrupted ") + describe(thread), site);
        return clear ? Thread.interrupted() : thread.isInterrupted();
    }

    @Override
    public boolean threadIsAlive(Thread thread, int site) {
        add("isAlive " + describe(thread), site);
        return thread.isAlive();
    }

    @Override
    public Thread currentThread() {
        events.add("currentThread");
        return Thread.currentThread();
    }

    @Override
    public void park(Object blocker, long nanos, int site) {
        add("park " + describe(blocker) + " " + nanos, site);
    }

    @Override
    public void unpark(Thread thread, int site) {
        add("unpark " + describe(thread), site);
    }

    @Override
    public void lock(Lock lock, boolean interruptibly, int site) {
        add((interruptibly ? "lockInterruptibly " : "lock ") + describe(lock), site);
    }

    @Override
    public boolean tryLock(Lock lock, long nanos, int site) {
        add("tryLock " + describe(lock) + " " + nanos, site);
        return true;
    }

    @Override
    public void unlock(Lock lock, int site) {
        add("unlock " + describe(lock), site);
    }

    @Override
    public Condition newCondition(Lock lock, int site) {
        add("newCondition " + describe(lock), site);
        return lock.newCondition();
    }

    @Override
    public boolean await(Condition condition, long nanos, boolean interruptibly, int site) {
        add("await " + describe(condition) + " " + nanos, site);
        return true;
    }

    @Override
    public void signal(Condition condition, boolean all, int site) {
        add((all ? "signalAll " : "signal ") + describe(condition), site);
    }

    @Override
    public void acquire(Semaphore semaphore, int permits, boolean interruptibly, int site) {
        add("acquire " + permits, site);
    }

    @Override
    public boolean tryAcquire(Semaphore semaphore, int permits, long nanos, int site) {
        add("tryAcquire " + permits + " " + nanos, site);
        return true;
    }

    @Override
    public void release(Semaphore semaphore, int permits, int site) {
        add("release " + permits, site);
    }

    @Override
    public boolean await(CountDownLatch latch, long nanos, int site) {
        add("await latch " + nanos, site);
        return true;
    }

    @Override
    public void countDown(CountDownLatch latch, int site) {
        add("countDown", site);
    }

    @Override
    public void call(Object receiver, int method, Object[] args, int site) {
        Sites.Method m = Sites.method(method);
        List<String> described = new ArrayList<>();
        for (Object a : args) {
            described.add(describe(a));
        }
        String owner = m.owner().substring(m.owner().lastIndexOf('.') + 1);
        add("call " + owner + "." + m.name() + " on " + describe(receiver) + " " + described, site);
    }

    @Override
    public void returned(Object value) {
        events.add("returned " + describe(value));
    }
}
