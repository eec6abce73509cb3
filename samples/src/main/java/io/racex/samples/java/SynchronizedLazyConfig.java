package io.racex.samples.java;

/** {@link LazyConfig} fixed: the check and the creation happen under one monitor, so there is one instance. */
public class SynchronizedLazyConfig {
    private Config config;

    public synchronized Config get() {
        if (config == null) {
            config = new Config();
        }
        return config;
    }
}
