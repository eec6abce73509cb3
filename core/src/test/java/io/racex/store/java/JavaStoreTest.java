package io.racex.store.java;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.racex.Scenario;
import io.racex.explore.ExplorationResult;
import io.racex.explore.Explorer;
import io.racex.explore.Options;
import io.racex.report.TextReport;
import io.racex.strategy.Dpor;
import org.junit.jupiter.api.Test;

class JavaStoreTest {
    private static final int START = Hand.site("BankTest.java", 30);

    interface Body {
        void run() throws Exception;
    }

    static Scenario<JavaThread> test(String name, Body body) {
        return JavaStore.test(name, "", Object::new, () -> {}, new JavaStore.NamedCode("test()", target -> {
            body.run();
            return null;
        }), 2, new JavaStore.Slots(), s -> {});
    }

    static ExplorationResult explore(Scenario<JavaThread> s) {
        return new Explorer(Options.defaults()).explore(s, new Dpor());
    }

    @Test
    void transferWithPlainFieldsLosesAnUpdate() {
        ExplorationResult r = explore(test("transfer", () -> {
            HandBank bank = new HandBank(100, 200, 150);
            Thread t1 = new Thread(() -> bank.transfer(bank.b, bank.a, 100));
            Thread t2 = new Thread(() -> bank.transfer(bank.c, bank.a, 50));
            Hand.start(t1, START);
            Hand.start(t2, START);
            Hand.join(t1, START);
            Hand.join(t2, START);
            assertEquals(450, bank.total());
        }));
        System.out.println(TextReport.renderForTest(r));
    }
}
