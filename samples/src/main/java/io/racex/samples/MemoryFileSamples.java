package io.racex.samples;

import io.racex.Scenario;
import io.racex.store.memory.MemoryAccess;
import io.racex.store.memory.file.MemoryFiles;
import java.util.List;
import java.util.Optional;

/**
 * The samples written as in-memory scenario files ({@code store: memory}), shipped in this jar
 * under {@code io/racex/samples/memory/}: races for students who know JavaScript or Python but not
 * Java, as a dozen lines of YAML.
 *
 * <pre>
 * $ racex explore transfer-js          # exit 1: seed 003's JavaScript transfer loses an update
 * $ racex explore transfer-js-fixed    # exit 0
 * </pre>
 */
public final class MemoryFileSamples {
    /** Where the files are on the class path. */
    public static final String FOLDER = "io/racex/samples/memory/";
    private static final String SUFFIX = ".race.yaml";

    /** A shipped file and whether its scenario must fail. */
    record File(String name, boolean buggy) {
        String resource() {
            return FOLDER + name + SUFFIX;
        }
    }

    /** Every shipped file; a test checks this list against the folder. */
    static final List<File> FILES = List.of(new File("transfer-js", true), new File("transfer-js-fixed", false));

    private MemoryFileSamples() {}

    static void register() {
        for (File f : FILES) {
            SampleCatalog.add(f.name(), MemoryFiles.parse(text(f.resource()), f.name() + SUFFIX).description() + " [" + f.name()
                    + SUFFIX + "]", f.buggy(), () -> load(f.resource()));
        }
    }

    /** The shipped file called {@code fileName} ({@code transfer-js.race.yaml}) as a class-path resource, if there is one. */
    public static Optional<String> shipped(String fileName) {
        for (File f : FILES) {
            if ((f.name() + SUFFIX).equals(fileName)) {
                return Optional.of(f.resource());
            }
        }
        return Optional.empty();
    }

    /** Loads a shipped file (by resource path). */
    public static Scenario<MemoryAccess> load(String resource) {
        return MemoryFiles.loadResource(MemoryFileSamples.class.getClassLoader(), resource);
    }

    private static String text(String resource) {
        try (var in = MemoryFileSamples.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("sample file " + resource + " missing from the jar");
            }
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
