package io.racex.junit;

import io.racex.Exploration;
import io.racex.Schedule;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * JUnit 5 extension behind {@link Replay}. It validates the token before the test runs and
 * scopes the replay to the test's own thread, from before-each to after-each; nothing outlives
 * the test.
 */
public final class RacexExtension implements BeforeEachCallback, AfterEachCallback {
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(RacexExtension.class);

    @Override
    public void beforeEach(ExtensionContext context) {
        Optional<Replay> replay = AnnotationSupport.findAnnotation(context.getElement(), Replay.class);
        if (replay.isEmpty()) {
            return;
        }
        Schedule schedule;
        try {
            schedule = Schedule.parse(replay.get().value());
        } catch (RuntimeException e) {
            throw new ExtensionConfigurationException("@Replay on " + context.getDisplayName() + ": " + e.getMessage(), e);
        }
        context.getStore(NAMESPACE).put("schedule", schedule);
        Exploration.replayInThisThread(schedule);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        if (context.getStore(NAMESPACE).remove("schedule") != null) {
            Exploration.replayInThisThread(null);
        }
    }
}
