package io.racex.samples.java;

/** Settings that are expensive to load, so they are loaded on first use (the lazy-init samples). */
public class Config {
    private final int poolSize;

    Config() {
        poolSize = 2; // stands for reading a file
    }

    public int poolSize() {
        return poolSize;
    }
}
