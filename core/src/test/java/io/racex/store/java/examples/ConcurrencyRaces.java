package io.racex.store.java.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.racex.junit.RacexTest;

/** {@code @RacexTest}s of classic concurrency bugs, run through JUnit's engine test kit by the tests. */
public class ConcurrencyRaces {
    @RacexTest
    void oppositeTransfersDoNotDeadlock() throws Exception {
        Accounts.Account a = new Accounts.Account(100);
        Accounts.Account b = new Accounts.Account(100);
        Thread t1 = new Thread(() -> Accounts.transfer(a, b, 10));
        Thread t2 = new Thread(() -> Accounts.transfer(b, a, 20));
        t1.start();
        t2.start();
        t1.join();
        t2.join();
    }

    @RacexTest
    void consumerGetsTheMessage() throws Exception {
        Mailbox box = new Mailbox();
        String[] got = new String[1];
        Thread consumer = new Thread(() -> {
            try {
                got[0] = box.take();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread producer = new Thread(() -> box.put("hello"));
        consumer.start();
        producer.start();
        consumer.join();
        producer.join();
        assertEquals("hello", got[0]);
    }

    @RacexTest
    void blindConsumerGetsTheMessage() throws Exception {
        Mailbox box = new Mailbox();
        Thread consumer = new Thread(() -> {
            try {
                box.takeBlindly();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread producer = new Thread(() -> box.put("hello"));
        consumer.start();
        producer.start();
        consumer.join();
        producer.join();
    }

    @RacexTest
    void loopingConsumerGetsTheMessage() throws Exception {
        Mailbox box = new Mailbox();
        String[] got = new String[1];
        Thread consumer = new Thread(() -> {
            try {
                got[0] = box.takeInLoop();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread producer = new Thread(() -> box.put("hello"));
        consumer.start();
        producer.start();
        consumer.join();
        producer.join();
        assertEquals("hello", got[0]);
    }

    @RacexTest
    void lazyInitCreatesOneInstance() throws Exception {
        Registry[] seen = new Registry[2];
        Thread t1 = new Thread(() -> seen[0] = Registry.get());
        Thread t2 = new Thread(() -> seen[1] = Registry.get());
        t1.start();
        t2.start();
        t1.join();
        t2.join();
        assertSame(seen[0], seen[1]);
    }

    @RacexTest
    void synchronizedLazyInitCreatesOneInstance() throws Exception {
        Registry[] seen = new Registry[2];
        Thread t1 = new Thread(() -> seen[0] = Registry.getSynchronized());
        Thread t2 = new Thread(() -> seen[1] = Registry.getSynchronized());
        t1.start();
        t2.start();
        t1.join();
        t2.join();
        assertSame(seen[0], seen[1]);
    }

    @RacexTest
    void workerThrows() throws Exception {
        int[] shared = new int[1];
        Thread worker = new Thread(() -> {
            if (shared[0] == 0) {
                throw new IllegalStateException("nothing to do");
            }
        }, "worker");
        worker.start();
        shared[0] = 1;
        worker.join();
    }

    @RacexTest
    void threadsLeftRunningDeadlock() {
        Accounts.Account a = new Accounts.Account(100);
        Accounts.Account b = new Accounts.Account(100);
        new Thread(() -> Accounts.transfer(a, b, 10)).start();
        new Thread(() -> Accounts.transfer(b, a, 20)).start();
    }

    @RacexTest
    void compareAndSetOnce() throws Exception {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        Runnable inc = () -> {
            int v = n.get();
            n.compareAndSet(v, v + 1);
        };
        Thread t1 = new Thread(inc);
        Thread t2 = new Thread(inc);
        t1.start();
        t2.start();
        t1.join();
        t2.join();
        assertEquals(2, n.get());
    }

    @RacexTest
    void compareAndSetInALoop() throws Exception {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        Runnable inc = () -> {
            int v;
            do {
                v = n.get();
            } while (!n.compareAndSet(v, v + 1));
        };
        Thread t1 = new Thread(inc);
        Thread t2 = new Thread(inc);
        t1.start();
        t2.start();
        t1.join();
        t2.join();
        assertEquals(2, n.get());
    }

    @RacexTest
    void touchesNothingShared() {
        int x = Integer.parseInt("2");
        assertEquals(2, x);
    }
}
