package io.racex.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The shipped in-memory scenario files: every file in the folder is listed, named as its file, and in the catalog. */
class MemoryFileSamplesTest {
    @Test
    void listsEveryFileInTheFolderUnderItsOwnName() throws Exception {
        Path folder = Path.of(MemoryFileSamples.class.getClassLoader().getResource(MemoryFileSamples.FOLDER).toURI());
        try (Stream<Path> files = Files.list(folder)) {
            List<String> onDisk = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".race.yaml"))
                    .map(n -> n.substring(0, n.length() - ".race.yaml".length())).sorted().toList();
            assertEquals(onDisk, MemoryFileSamples.FILES.stream().map(MemoryFileSamples.File::name).sorted().toList());
        }
        for (MemoryFileSamples.File f : MemoryFileSamples.FILES) {
            assertEquals(f.name(), MemoryFileSamples.load(f.resource()).name());
            assertTrue(SampleCatalog.entries().stream().anyMatch(e -> e.name().equals(f.name()) && e.buggy() == f.buggy()), f.name());
        }
    }
}
