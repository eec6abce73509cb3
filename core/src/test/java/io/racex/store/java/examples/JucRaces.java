package io.racex.store.java.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.racex.junit.RacexTest;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/** {@code @RacexTest}s of java.util.concurrent code, run through JUnit's engine test kit by the tests. */
public class JucRaces {
    int counter;
    final ReentrantLock lock = new ReentrantLock();

    void increment() {
        lock.lock();
        try {
            counter++;
        } finally {
            lock.unlock();
        }
    }

    /** Fray's workload: N threads each lock, increment, unlock. */
    static void lockedIncrements(int n) throws InterruptedException {
        JucRaces shared = new JucRaces();
        Thread[] threads = new Thread[n];
        for (int i = 0; i < n; i++) {
            threads[i] = new Thread(shared::increment);
            threads[i].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        assertEquals(n, shared.counter);
        assertTrue(!shared.lock.isLocked());
    }

    @RacexTest
    void reentrantLockCounter() throws Exception {
        lockedIncrements(3);
    }

    @RacexTest
    void forgottenLock() throws Exception {
        Thread t1 = new Thread(this::increment);
        Thread t2 = new Thread(() -> counter++);
        t1.start();
        t2.start();
        t1.join();
        t2.join();
        assertEquals(2, counter);
    }

    String message;
    final Condition ready = lock.newCondition();

    void put(String m) {
        lock.lock();
        try {
            message = m;
            ready.signal();
        } finally {
            lock.unlock();
        }
    }

    String takeWithIf() throws InterruptedException {
        lock.lock();
        try {
            if (message == null) {
                ready.await();
            }
            return message;
        } finally {
            lock.unlock();
        }
    }

    String takeWithWhile() throws InterruptedException {
        lock.lock();
        try {
            while (message == null) {
                ready.await();
            }
            return message;
        } finally {
            lock.unlock();
        }
    }

    void handOff(boolean loop) throws InterruptedException {
        String[] got = new String[1];
        Thread consumer = new Thread(() -> {
            try {
                got[0] = loop ? takeWithWhile() : takeWithIf();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread producer = new Thread(() -> put("hello"));
        consumer.start();
        producer.start();
        consumer.join();
        producer.join();
        assertEquals("hello", got[0]);
    }

    @RacexTest
    void conditionAwaitedWithIf() throws Exception {
        handOff(false);
    }

    @RacexTest
    void conditionAwaitedWithWhile() throws Exception {
        handOff(true);
    }

    void semaphoreIncrements(int permits) throws InterruptedException {
        Semaphore s = new Semaphore(permits);
        Runnable inc = () -> {
            s.acquireUninterruptibly();
            counter++;
            s.release();
        };
        Thread t1 = new Thread(inc);
        Thread t2 = new Thread(inc);
        t1.start();
        t2.start();
        t1.join();
        t2.join();
        assertEquals(2, counter);
        assertEquals(permits, s.availablePermits());
    }

    @RacexTest
    void semaphoreOfOnePermit() throws Exception {
        semaphoreIncrements(1);
    }

    @RacexTest
    void semaphoreOfTwoPermits() throws Exception {
        semaphoreIncrements(2);
    }

    @RacexTest
    void latchPublishes() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        Thread worker = new Thread(() -> {
            message = "done";
            done.countDown();
        });
        worker.start();
        done.await();
        assertEquals("done", message);
    }

    @RacexTest
    void readWriteLock() throws Exception {
        ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
        int[] seen = new int[2];
        Runnable write = () -> {
            rw.writeLock().lock();
            try {
                counter++;
                counter++;
            } finally {
                rw.writeLock().unlock();
            }
        };
        Runnable read = () -> {
            rw.readLock().lock();
            try {
                seen[0] = counter;
                seen[1] = counter;
            } finally {
                rw.readLock().unlock();
            }
        };
        Thread w = new Thread(write);
        Thread r = new Thread(read);
        w.start();
        r.start();
        w.join();
        r.join();
        assertEquals(seen[0], seen[1]);
        assertTrue(seen[0] % 2 == 0);
    }

    @RacexTest
    void atomicIncrements() throws Exception {
        AtomicInteger n = new AtomicInteger();
        Thread t1 = new Thread(n::incrementAndGet);
        Thread t2 = new Thread(n::incrementAndGet);
        t1.start();
        t2.start();
        t1.join();
        t2.join();
        assertEquals(2, n.get());
    }

    @RacexTest
    void atomicGetThenSet() throws Exception {
        AtomicInteger n = new AtomicInteger();
        Runnable inc = () -> n.set(n.get() + 1);
        Thread t1 = new Thread(inc);
        Thread t2 = new Thread(inc);
        t1.start();
        t2.start();
        t1.join();
        t2.join();
        assertEquals(2, n.get());
    }

    @RacexTest
    void concurrentMapMerge() throws Exception {
        Map<String, Integer> m = new ConcurrentHashMap<>();
        Thread t1 = new Thread(() -> m.merge("k", 1, Integer::sum));
        Thread t2 = new Thread(() -> m.merge("k", 1, Integer::sum));
        t1.start();
        t2.start();
        t1.join();
        t2.join();
        assertEquals(2, m.get("k"));
    }

    @RacexTest
    void hashMapGetThenPut() throws Exception {
        Map<String, Integer> m = new HashMap<>();
        m.put("k", 0);
        Runnable inc = () -> m.put("k", m.get("k") + 1);
        Thread t1 = new Thread(inc);
        Thread t2 = new Thread(inc);
        t1.start();
        t2.start();
        t1.join();
        t2.join();
        assertEquals(2, m.get("k"));
    }

    volatile boolean flag;

    @RacexTest
    void parkUntilUnparked() throws Exception {
        Thread waiter = new Thread(() -> {
            while (!flag) {
                LockSupport.park();
            }
        });
        waiter.start();
        flag = true;
        LockSupport.unpark(waiter);
        waiter.join();
    }

    @RacexTest
    void interruptEndsAWait() throws Exception {
        Object monitor = new Object();
        boolean[] interrupted = new boolean[1];
        Thread waiter = new Thread(() -> {
            synchronized (monitor) {
                try {
                    while (true) {
                        monitor.wait();
                    }
                } catch (InterruptedException e) {
                    interrupted[0] = true;
                }
            }
        });
        waiter.start();
        waiter.interrupt();
        waiter.join();
        assertTrue(interrupted[0], "the waiter was not interrupted");
    }
}
