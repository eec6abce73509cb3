package io.racex.junit;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.testkit.engine.EventConditions.event;
import static org.junit.platform.testkit.engine.EventConditions.finishedWithFailure;
import static org.junit.platform.testkit.engine.EventConditions.test;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.instanceOf;
import static org.junit.platform.testkit.engine.TestExecutionResultConditions.message;

import io.racex.Racex;
import io.racex.TestScenarios;
import io.racex.ExplorationResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.testkit.engine.EngineTestKit;

/** The {@link Replay} extension, tested through the JUnit engine itself. */
class ReplayExtensionTest {
    /** Set while the engine test kit runs the fixtures, so a direct run (e.g. surefire with -Dtest) skips them. */
    static volatile boolean insideTestKit;

    static boolean insideTestKit() {
        return insideTestKit;
    }

    private static org.junit.platform.testkit.engine.EngineExecutionResults run(
            org.junit.platform.engine.DiscoverySelector... selectors) {
        insideTestKit = true;
        try {
            return EngineTestKit.engine("junit-jupiter").selectors(selectors).execute();
        } finally {
            insideTestKit = false;
        }
    }

    /** Fixtures run by the engine test kit, not directly. */
    @org.junit.jupiter.api.condition.EnabledIf("io.racex.junit.ReplayExtensionTest#insideTestKit")
    static class Fixtures {
        static ExplorationResult seenReplay;
        static ExplorationResult seenAll;

        @Test
        @Replay("v1:1.1.2.2.2.2.1.1")
        void replaysTheLostUpdate() {
            Racex.explore(TestScenarios.transfer()).assertLinearizable();
        }

        @Test
        @Replay("v1:1.1.1.1.2.2.2.2")
        void replaysASerialSchedule() {
            seenReplay = Racex.explore(TestScenarios.transfer()).assertLinearizable();
        }

        @Test
        @Replay("garbage")
        void hasAMalformedToken() {
            Racex.explore(TestScenarios.transfer()).run();
        }

        @Test
        void exploresEverythingWithoutTheAnnotation() {
            seenAll = Racex.explore(TestScenarios.transfer()).run();
        }
    }

    @Test
    void replayedFailureFailsTheTestWithTheReport() {
        run(selectMethod(Fixtures.class, "replaysTheLostUpdate"))
                .testEvents().assertThatEvents().haveExactly(1, event(test("replaysTheLostUpdate"),
                        finishedWithFailure(instanceOf(AssertionError.class),
                                message(m -> m.contains("Replayed schedule: 1 preemption") && m.contains("a=200 b=100 c=100")))));
    }

    @Test
    void replayedPassingScheduleRunsOnlyThatSchedule() {
        run(selectMethod(Fixtures.class, "replaysASerialSchedule"))
                .testEvents().assertStatistics(s -> s.succeeded(1));
        org.junit.jupiter.api.Assertions.assertEquals(1, Fixtures.seenReplay.schedules());
        org.junit.jupiter.api.Assertions.assertEquals("replay", Fixtures.seenReplay.strategy());
        // a replay is not a search: it covered one schedule, not every one
        org.junit.jupiter.api.Assertions.assertFalse(Fixtures.seenReplay.complete());
        org.junit.jupiter.api.Assertions.assertEquals("replayed 1 schedule", Fixtures.seenReplay.completeness());
    }

    @Test
    void malformedTokenIsAConfigurationError() {
        run(selectMethod(Fixtures.class, "hasAMalformedToken"))
                .testEvents().assertThatEvents().haveExactly(1, event(test("hasAMalformedToken"),
                        finishedWithFailure(instanceOf(ExtensionConfigurationException.class),
                                message(m -> m.contains("malformed schedule 'garbage'")))));
    }

    @Test
    void replayDoesNotLeakIntoTheNextTest() {
        run(selectMethod(Fixtures.class, "replaysASerialSchedule"),
                        selectMethod(Fixtures.class, "exploresEverythingWithoutTheAnnotation")).testEvents().assertStatistics(s -> s.succeeded(2));
        org.junit.jupiter.api.Assertions.assertEquals(4, Fixtures.seenAll.schedules());
        org.junit.jupiter.api.Assertions.assertEquals(1, Fixtures.seenReplay.schedules());
    }
}
