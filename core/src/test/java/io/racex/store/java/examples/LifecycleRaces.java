package io.racex.store.java.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.racex.junit.RacexTest;
import org.junit.jupiter.api.BeforeEach;

/** Every execution starts afresh: a new test instance, its {@code @BeforeEach}, static fields reset. */
public class LifecycleRaces {
    static int starts;
    SynchronizedBank bank;

    @BeforeEach
    void open() {
        bank = new SynchronizedBank(100, 200, 150);
        starts++;
    }

    @RacexTest
    void eachExecutionStartsFromTheSameState() throws Exception {
        Thread t1 = new Thread(() -> bank.transfer("b", "a", 100));
        Thread t2 = new Thread(() -> bank.transfer("c", "a", 50));
        t1.start();
        t2.start();
        t1.join();
        t2.join();
        assertEquals(250, bank.balance("a"));
        assertEquals(1, starts, "the static field was reset before the execution");
    }
}
