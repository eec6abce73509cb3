package io.racex.samples.java;

/**
 * Check-then-act lazy initialization: {@link #get} builds the {@link Config} the first time it is
 * asked for. Two threads asking at once can both find no config and both build one; they then use
 * two different instances (and whatever one of them changes, the other does not see). The fix is
 * {@link SynchronizedLazyConfig}.
 *
 * <p>The same bug as a {@code static getInstance()} singleton; an instance field keeps every run
 * of a test independent of the one before.
 */
public class LazyConfig {
    private Config config;

    public Config get() {
        if (config == null) {
            // RACE: another thread may also have found no config and be building its own
            config = new Config();
        }
        return config;
    }
}
