package io.racex.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import io.racex.store.java.examples.BankRaces;
import org.junit.jupiter.api.Test;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

class RacexTestExtensionTest {
    static Events run(Class<?> c, String method) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectMethod(c, method)).execute().testEvents();
    }

    @Test
    void printsIt() {
        Events e = run(BankRaces.class, "transfersKeepTheTotal");
        e.debug(System.out);
        Events p = run(BankRaces.class, "synchronizedTransfersKeepTheTotal");
        p.debug(System.out);
    }
}
